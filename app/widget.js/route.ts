import { createHash } from "node:crypto";
import { methods, route } from "@/lib/http";
import { WIDGET_SCRIPT } from "@/lib/widget/script";

export const runtime = "nodejs";

const ETAG = `"${createHash("sha256").update(WIDGET_SCRIPT).digest("base64url").slice(0, 22)}"`;

// An hour fresh, then a day served while revalidating (a 304 thanks to the ETag): a new version
// reaches every page within the hour without each page view costing a download.
const HEADERS = {
  "content-type": "text/javascript; charset=utf-8",
  "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
  etag: ETAG,
  // Loaded by other sites' pages, including ones that require cross-origin resources to opt in (COEP).
  "cross-origin-resource-policy": "cross-origin",
};

function matches(ifNoneMatch: string | null): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch === "*" || ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === ETAG);
}

/** The embeddable widget's script; the chat it opens is /embed/<publishable key>. */
export const GET = route(async ({ request }) => {
  if (matches(request.headers.get("if-none-match"))) return new Response(null, { status: 304, headers: HEADERS });
  return new Response(WIDGET_SCRIPT, { headers: HEADERS });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
