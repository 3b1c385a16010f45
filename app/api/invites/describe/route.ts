import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { describeInviteSchema } from "@/lib/users/schemas";
import { describeInvite } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Anyone holding an invite code: the business, the role and the address it is for, so the sign-up page
 * can name them. The code is in the body (a link carries it in its fragment), never in a URL a log keeps.
 */
export const POST = route(async ({ body, ctx }) => {
  await enforceLimit("invite_describe", { clientAddress: ctx.clientAddress });
  const input = await body(describeInviteSchema);
  return json(await describeInvite(input), { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
