import { refreshSchema } from "@/lib/auth/schemas";
import { rotateRefreshToken } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ body }) => {
  const { refresh } = await body(refreshSchema);
  const tokens = await rotateRefreshToken(refresh);
  return json({ access: tokens.access, refresh: tokens.refresh }, { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
