import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { resendInvite } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** Mails the invite again with a new code (the earlier link stops working) and a fresh expiry. */
export const POST = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await enforceLimit("user_create", { clientAddress: ctx.clientAddress, accountId: actor.id });
  return json({ invite: await resendInvite(actor, { id: params.id }, ctx) }, { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
