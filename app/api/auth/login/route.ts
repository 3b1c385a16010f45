import { loginSchema } from "@/lib/auth/schemas";
import { login } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ body, ctx }) => {
  const input = await body(loginSchema);
  // The sign-in limits (per address, per email+address, per account) apply inside, for next-auth's sign-in too.
  const { user, credits, tokens, mustChangePassword } = await login({ ...input, ip: ctx.clientAddress });
  return json({ access: tokens.access, refresh: tokens.refresh, user, credits, mustChangePassword }, { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
