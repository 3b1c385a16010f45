import { registerSchema } from "@/lib/auth/schemas";
import { register } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ body, ctx }) => {
  const input = await body(registerSchema);
  // Before the password is hashed: each sign-up creates a business (or joins one) with sign-up credits.
  await enforceLimit(input.inviteCode === undefined ? "register" : "invite_accept", { clientAddress: ctx.clientAddress });
  const { user, credits, tokens } = await register(input, ctx);
  return json({ user, credits, access: tokens.access, refresh: tokens.refresh }, { status: 201, headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
