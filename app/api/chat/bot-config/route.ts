import { createHash } from "node:crypto";
import { requireBusinessReader } from "@/lib/auth/caller";
import { getBotConfig } from "@/lib/end-users/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The bot's public face for the widget. Cached briefly by the browser (a settings change shows within
 * a minute) and revalidated with an ETag; it varies with the key or token that asked.
 */
export const GET = route(async ({ request }) => {
  const { businessId, allowedOrigins } = await requireBusinessReader(request);
  const config = await getBotConfig({ businessId });
  const etag = `"${createHash("sha256").update(JSON.stringify(config)).digest("base64url").slice(0, 27)}"`;
  const headers: Record<string, string> = { "cache-control": "private, max-age=60", etag, vary: "X-API-Key, Authorization, Origin" };
  // widget.js reads this from the host page with its publishable key: only the key's own pages may read the answer.
  const origin = request.headers.get("origin");
  if (origin && allowedOrigins.includes(origin)) headers["access-control-allow-origin"] = origin;
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return json(config, { headers });
});

// widget.js asks from the host page with its publishable key; the GET above decides who may read the answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET }, { requestHeaders: ["X-API-Key"] });
