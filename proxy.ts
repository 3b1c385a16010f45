import { NextResponse, type NextRequest } from "next/server";
import { REFUSED_PAGE_COOKIE, REFUSED_PAGE_HEADER } from "@/lib/auth/refused-page";
import { fetchedByScript, guardPage, refusedPageOf } from "@/lib/auth/route-guard";
import { PAGE_PATH_HEADER } from "@/lib/pages/page-path";
import { pageContentSecurityPolicy } from "@/lib/security/csp";
import { embedFrameAncestors } from "@/lib/widget/embed";

/** Whether every segment of the (still percent-encoded) path decodes: `%`, `%ZZ`, `%ud800` do not. */
function decodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    // Only an API path with a `%` comes here (config.matcher). Next decodes the path to match a route
    // and, when that fails, answers its own plain-text 500 without our headers; the API answers JSON
    // whatever the path, so it is refused here first. The API's CSP comes from next.config.ts.
    if (decodablePath(request.nextUrl.pathname)) return NextResponse.next();
    return NextResponse.json(
      { error: "invalid_request", detail: "The request path is not valid percent-encoded UTF-8." },
      { status: 400, headers: { "x-request-id": crypto.randomUUID() } },
    );
  }

  const guard = await guardPage(request);
  if (guard.redirect) return guard.redirect;

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  // The widget's iframe may be framed by the pages its publishable key allows; every other page by none.
  const frameAncestors = request.nextUrl.pathname.startsWith("/embed/") ? await embedFrameAncestors(request.nextUrl.pathname) : undefined;
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development", frameAncestors);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Set here only, whatever the request said.
  requestHeaders.delete(PAGE_PATH_HEADER);
  requestHeaders.delete(REFUSED_PAGE_HEADER);
  requestHeaders.set(PAGE_PATH_HEADER, request.nextUrl.pathname);
  // The notice is said by the members' layout, which a client navigation does not render again: a
  // router's fetch (a prefetch of the page being left, say) leaves it for the document.
  const documentRequest = !fetchedByScript(request);
  const refused = documentRequest ? refusedPageOf(request) : null;
  if (refused) requestHeaders.set(REFUSED_PAGE_HEADER, refused);
  requestHeaders.set("Content-Security-Policy", policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (documentRequest && request.cookies.has(REFUSED_PAGE_COOKIE)) response.cookies.delete(REFUSED_PAGE_COOKIE);
  for (const cookie of guard.setCookies) response.headers.append("set-cookie", cookie);
  return response;
}

// Static files (build output, the favicon and app icons in public/) skip the proxy: they are public
// and carry no page that needs a CSP nonce. So does the API, save a path with a `%` (which may not
// decode): running the proxy costs every request, and an API request needs nothing else from it —
// its headers come from next.config.ts (≈ 13 % more requests a second on a JSON route, docs/PERFORMANCE.md).
export const config = {
  matcher: [
    { source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|apple-touch-icon.png).*)" },
    { source: "/api/:path(.*%.*)" },
  ],
};
