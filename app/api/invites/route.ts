import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { createInviteSchema, listInvitesQuerySchema } from "@/lib/users/schemas";
import { createInvite, listInvites } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The business's pending invites (admins): who invited whom, when, until when. Never a code. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(listInvitesQuerySchema);
  const { count, results } = await listInvites(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(createInviteSchema);
  // An invite tied to an address mails it: counted with the users an admin adds.
  if (input.email) await enforceLimit("user_create", { clientAddress: ctx.clientAddress, accountId: actor.id });
  // The code is shown once (only its hash is kept), so no cache may hold it.
  return json(await createInvite(actor, input, ctx), { status: 201, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
