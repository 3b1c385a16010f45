import { requireUser } from "@/lib/auth/require-user";
import { noContent, route, methods } from "@/lib/http";
import { revokeInvite } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** Withdraws a pending invite: its code stops working at once. */
export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await revokeInvite(actor, { id: params.id }, ctx);
  return noContent();
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methods({ DELETE });
