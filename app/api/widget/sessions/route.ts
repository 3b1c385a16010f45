import { requireApiKey } from "@/lib/auth/caller";
import { visitorSessionSchema } from "@/lib/end-users/schemas";
import { startVisitorSession } from "@/lib/end-users/service";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, methods, route } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The widget's iframe trades its publishable key for a visitor token. A browser call must come from
 * the widget itself (this app's origin) or a page the key allows; the key is public, so the real
 * guards are the per-address limit and the business's identity check.
 */
export const POST = route(async ({ request, body, ctx }) => {
  const key = await requireApiKey(request, { kinds: ["publishable"], scope: "chat" });
  const origin = request.headers.get("origin");
  if (origin && !isOwnOrigin(origin, request) && !key.allowedOrigins.includes(origin)) {
    throw new AppError("forbidden", "This key does not allow requests from this origin.");
  }
  await enforceLimit("visitor_session", { clientAddress: `${ctx.clientAddress}:${key.id}` });
  const input = await body(visitorSessionSchema);
  const session = await startVisitorSession(key, input);
  return json(session, { status: 201, headers: { "cache-control": "no-store" } });
});

/**
 * The widget's own iframe: the same host the request was sent to (as the browser named it), or the app's
 * configured address (APP_URL / NEXTAUTH_URL), which a proxy that rewrites `Host` leaves as the one the
 * browser knows.
 */
function isOwnOrigin(origin: string, request: Request): boolean {
  const host = request.headers.get("host");
  try {
    const { host: originHost, origin: normalized } = new URL(origin);
    return (host !== null && originHost === host) || normalized === new URL(appUrl()).origin;
  } catch {
    return false;
  }
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
