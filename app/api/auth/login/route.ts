import { loginSchema } from "@/lib/auth/schemas";
import { login } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";
import { clientIp } from "@/lib/rate-limit/client-ip";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ request, body }) => {
  const input = await body(loginSchema);
  const { user, credits, tokens } = await login({ ...input, ip: clientIp(request.headers) });
  return json({ access: tokens.access, refresh: tokens.refresh, user, credits }, { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
