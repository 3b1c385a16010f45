import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ROLES, type Role } from "@/db/schema";
import { env } from "@/lib/env";
import { secureCookies, sessionCookieName } from "./cookies";
import { canOpenPage, pageRoles, PASSWORD_CHANGE_PAGE, privatePageOf, ROLE_HOME } from "./page-access";
import { REFUSED_PAGE_COOKIE, REFUSED_PAGE_MAX_AGE_SECONDS } from "./refused-page";
import { sessionHolder } from "./session-holder";

const SIGN_IN_PAGES = new Set(["/login", "/register"]);

/**
 * Where a page request should go instead, or null to serve it: signed-out visitors to /login
 * (remembering where they were headed), each role away from pages it may not use to its home,
 * signed-in users from /login and /register to their home. A convenience only — every API call
 * is authorised on the server regardless.
 */
export function redirectFor(input: { pathname: string; search?: string; role: Role | null; mustChangePassword?: boolean }): string | null {
  const { pathname, role } = input;
  const home = role && input.mustChangePassword ? PASSWORD_CHANGE_PAGE : role ? ROLE_HOME[role] : null;
  if (SIGN_IN_PAGES.has(pathname)) return home;
  if (!pageRoles(pathname)) return null;
  if (!role) return `/login?${new URLSearchParams({ callbackUrl: `${pathname}${input.search ?? ""}` })}`;
  // A temporary password is replaced before any other private page opens.
  if (input.mustChangePassword) return pathname === PASSWORD_CHANGE_PAGE ? null : PASSWORD_CHANGE_PAGE;
  return refusedPage(input) ? ROLE_HOME[role] : null;
}

/**
 * The private page (its entry in the page table) a signed-in role is sent home from, or null: the one
 * rule for the redirect and for the notice that says why. A pending password change is no refusal.
 */
export function refusedPage({ pathname, role, mustChangePassword }: { pathname: string; role: Role | null; mustChangePassword?: boolean }): string | null {
  if (!role || mustChangePassword || canOpenPage({ pathname, role })) return null;
  return privatePageOf(pathname);
}

/** Removals of the session cookie the request carries (next-auth splits a long one into `.0`, `.1`…). */
function endedSessionCookies(request: NextRequest): string[] {
  const name = sessionCookieName();
  return request.cookies
    .getAll()
    .filter((cookie) => cookie.name === name || cookie.name.startsWith(`${name}.`))
    .map((cookie) => `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secureCookies() ? "; Secure" : ""}`);
}

function roleOf(value: unknown): Role | null {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

/** What proxy.ts does with a page request: send it elsewhere, or serve it with these cookies set. */
export type PageGuard = { redirect: NextResponse; setCookies?: never } | { redirect: null; setCookies: string[] };

const SERVE: PageGuard = { redirect: null, setCookies: [] };

/** For proxy.ts: the redirect for this page request, or the page served. Reads the next-auth session cookie. */
export async function guardPage(request: NextRequest): Promise<PageGuard> {
  const { pathname, search } = request.nextUrl;
  if (!SIGN_IN_PAGES.has(pathname) && !pageRoles(pathname)) return SERVE;
  const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET, secureCookie: secureCookies() });
  let role = roleOf(token?.role);
  let mustChangePassword = token?.mustChangePassword === true;
  if (token && role && SIGN_IN_PAGES.has(pathname)) {
    // A cookie the server no longer accepts (its password changed or was reset elsewhere, its account
    // was deactivated) makes every page treat its browser as signed out and send it here: sending it
    // home from here on the cookie's word alone would leave no way to sign in until the cookie expired.
    // So the sign-in pages ask the database, and for an ended session serve the page and clear the cookie.
    const current = await sessionHolder(token);
    if (!current) return { redirect: null, setCookies: endedSessionCookies(request) };
    role = current.role;
    mustChangePassword = current.passwordChangeRequired;
  }
  const target = redirectFor({ pathname, search, role, mustChangePassword });
  if (!target) return SERVE;
  const response = NextResponse.redirect(new URL(target, request.nextUrl));
  // A client navigation's redirect renders no layout to say it in (the shell stays as it was).
  const refused = fetchedByScript(request) ? null : refusedPage({ pathname, role, mustChangePassword });
  if (refused) {
    response.cookies.set(REFUSED_PAGE_COOKIE, refused, {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies(),
      path: "/",
      maxAge: REFUSED_PAGE_MAX_AGE_SECONDS,
    });
  }
  return { redirect: response };
}

/**
 * Whether a page request comes from a script rather than the browser showing a page: the router's
 * client navigations and prefetches. Next strips its own `RSC` headers before the proxy sees a request,
 * so this reads the browser's `Sec-Fetch-Dest` (`empty` for fetch); a client that sends none counts as
 * a document request.
 */
export function fetchedByScript(request: NextRequest): boolean {
  return request.headers.get("sec-fetch-dest") === "empty";
}

/**
 * For proxy.ts, on a page's document request: the page a role was just sent away from (the cookie the
 * redirect set), or null. The caller passes it on to the page's render and clears the cookie.
 */
export function refusedPageOf(request: NextRequest): string | null {
  const value = request.cookies.get(REFUSED_PAGE_COOKIE)?.value;
  return value && privatePageOf(value) === value ? value : null;
}
