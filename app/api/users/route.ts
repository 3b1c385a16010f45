import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { toPage } from "@/lib/pagination";
import { createUserSchema, listUsersQuerySchema } from "@/lib/users/schemas";
import { createUser, listUsers } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(listUsersQuerySchema);
  const { count, results } = await listUsers(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  await enforceLimit("user_create", { clientAddress: ctx.clientAddress, accountId: actor.id });
  const input = await body(createUserSchema);
  const created = await createUser(actor, input, ctx);
  return json(created, { status: 201, headers: { location: `/api/users/${created.user.id}`, "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
