import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { createInviteSchema } from "@/lib/users/schemas";
import { createInvite } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(createInviteSchema);
  // The code is shown once (only its hash is kept), so no cache may hold it.
  return json(await createInvite(actor, input, ctx), { status: 201, headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
