import { optionalUser } from "@/lib/auth/require-user";
import { getSessionFromRequest } from "@/lib/auth/session";
import { methods, route } from "@/lib/http";
import { activeMember, getImageRendition } from "@/lib/images/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string; imageId: string; width: string };

/** Whether `If-None-Match` names this ETag (a list, a weak form or `*`). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag.replace(/^W\//, "") === etag;
  });
}

/**
 * One stored width of a product image as WebP. A live image of an approved product is public and cached
 * for a year (its bytes never change: a new upload is a new id). Any other is for staff of the business
 * who may see the product, by bearer token or by the browser's session cookie (what an <img> sends), and
 * never stored by a cache. Anything else is a JSON 404.
 */
export const GET = route<Params>(async ({ request, params }) => {
  // A bearer token that is present but bad is a 401, as on every other route; none means "ask the cookie".
  const bearer = await optionalUser(request);
  const setCookies: string[] = [];
  const { rendition, public: isPublic } = await getImageRendition(
    { productId: params.id, imageId: params.imageId, width: params.width },
    {
      viewer: async () => {
        if (bearer) return bearer;
        const session = await getSessionFromRequest(request);
        setCookies.push(...session.setCookies);
        return activeMember({ userId: session.userId });
      },
    },
  );
  const etag = `"${rendition.etag}"`;
  const headers = new Headers({
    etag,
    "cache-control": isPublic ? "public, max-age=31536000, immutable" : "private, no-store",
    "x-content-type-options": "nosniff",
  });
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  if (matches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("content-type", rendition.contentType);
  headers.set("content-length", String(rendition.bytes.byteLength));
  return new Response(Buffer.from(rendition.bytes), { status: 200, headers });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
