import { registerSchema } from "@/lib/auth/schemas";
import { register } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ body, ctx }) => {
  const input = await body(registerSchema);
  const { user, credits, tokens } = await register(input, ctx);
  return json({ user, credits, access: tokens.access, refresh: tokens.refresh }, { status: 201, headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
