import { eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { env } from "@/lib/env";
import { proxy } from "@/proxy";
import { createBusiness, createUser } from "@/test/factories";
import { sessionCookieName } from "./cookies";
import { canOpenPage, pageRoles, ROLE_HOME, safeCallbackPath } from "./page-access";
import { REFUSED_PAGE_COOKIE, refusedPageNotice } from "./refused-page";
import { guardPage, redirectFor, refusedPageOf } from "./route-guard";

const HOME: Record<Role, string> = { admin: "/dashboard", editor: "/products", approver: "/approvals", viewer: "/chat" };

// docs/architecture.md §5: which role may open which page. /products/new is the create form, so it follows
// the permission matrix's product:create (admin, editor): an approver is sent to /approvals.
const PAGES: Record<string, readonly Role[]> = {
  "/dashboard": ["admin"],
  "/users": ["admin"],
  "/settings": ["admin"],
  "/audit": ["admin"],
  "/feedback": ["admin"],
  "/products": ["admin", "editor", "approver"],
  "/products/new": ["admin", "editor"],
  "/products/3f1c1f2e-8d9a-4f5e-9c61-0a2b3c4d5e6f": ["admin", "editor", "approver"],
  "/approvals": ["admin", "approver"],
  "/chat": ["admin", "editor", "approver", "viewer"],
  "/chat/some-session": ["admin", "editor", "approver", "viewer"],
  "/purchases": ["admin", "editor", "approver", "viewer"],
  "/account": ["admin", "editor", "approver", "viewer"],
};

const cases = Object.entries(PAGES).flatMap(([pathname, roles]) =>
  (["admin", "editor", "approver", "viewer"] as const).map((role) => ({ pathname, role, expected: roles.includes(role) ? null : HOME[role] })),
);

describe("redirectFor", () => {
  it.each(cases)("$role on $pathname → $expected", ({ pathname, role, expected }) => {
    expect(redirectFor({ pathname, role })).toBe(expected);
    // The client RoleGuard and the navigation read the same table as the proxy.
    expect(canOpenPage({ pathname, role })).toBe(expected === null);
    expect(pageRoles(pathname)).toEqual(PAGES[pathname]);
  });

  it("sends each role home to the same place as the sign-in flow", () => {
    expect(ROLE_HOME).toEqual(HOME);
  });

  it.each(Object.keys(PAGES))("a signed-out visitor of %s goes to /login, remembering the page", (pathname) => {
    expect(redirectFor({ pathname, search: "?x=1", role: null })).toBe(`/login?callbackUrl=${encodeURIComponent(`${pathname}?x=1`)}`);
  });

  it("public pages are served to everyone; sign-in pages send signed-in users home", () => {
    for (const role of [null, "viewer"] as const) {
      expect(redirectFor({ pathname: "/", role })).toBeNull();
      expect(redirectFor({ pathname: "/productsxyz", role })).toBeNull();
    }
    expect(redirectFor({ pathname: "/login", role: null })).toBeNull();
    expect(redirectFor({ pathname: "/register", role: null })).toBeNull();
    expect(redirectFor({ pathname: "/login", role: "approver" })).toBe("/approvals");
    expect(redirectFor({ pathname: "/register", role: "admin" })).toBe("/dashboard");
  });

  it.each(["admin", "editor", "approver", "viewer"] as const)("a %s holding a temporary password is sent to /account from every other private page", (role) => {
    for (const pathname of Object.keys(PAGES).filter((page) => page !== "/account")) {
      expect(redirectFor({ pathname, role, mustChangePassword: true })).toBe("/account");
    }
    expect(redirectFor({ pathname: "/account", role, mustChangePassword: true })).toBeNull();
    expect(redirectFor({ pathname: "/login", role, mustChangePassword: true })).toBe("/account");
    // Public pages stay open.
    expect(redirectFor({ pathname: "/", role, mustChangePassword: true })).toBeNull();
  });

  it("static files (favicon, app icons) are served to signed-out visitors", () => {
    for (const pathname of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]) {
      expect(redirectFor({ pathname, role: null })).toBeNull();
      expect(pageRoles(pathname)).toBeNull();
    }
  });
});

describe("safeCallbackPath", () => {
  it("returns to a page the role may use, never off-site", () => {
    expect(safeCallbackPath({ callbackUrl: "/products/123?tab=history", role: "editor" })).toBe("/products/123?tab=history");
    expect(safeCallbackPath({ callbackUrl: "/users", role: "editor" })).toBe("/products");
    expect(safeCallbackPath({ callbackUrl: "/products/new", role: "approver" })).toBe("/approvals");
    expect(safeCallbackPath({ callbackUrl: "//evil.example/users", role: "admin" })).toBe("/dashboard");
    expect(safeCallbackPath({ callbackUrl: "https://evil.example/chat", role: "viewer" })).toBe("/chat");
    expect(safeCallbackPath({ callbackUrl: "/\\evil.example", role: "viewer" })).toBe("/chat");
    expect(safeCallbackPath({ callbackUrl: null, role: "approver" })).toBe("/approvals");
    // A storefront's "Sign in to buy" comes back to the product; the sign-in page itself never.
    expect(safeCallbackPath({ callbackUrl: "/shop/demo-outfitters/0d9f?x=1", role: "viewer" })).toBe("/shop/demo-outfitters/0d9f?x=1");
    expect(safeCallbackPath({ callbackUrl: "/login", role: "viewer" })).toBe("/chat");
    expect(safeCallbackPath({ callbackUrl: "/shopping", role: "editor" })).toBe("/products");
  });
});

describe("guardPage", () => {
  async function request(pathname: string, role?: Role, mustChangePassword = false, extraHeaders: Record<string, string> = {}) {
    const headers = new Headers(extraHeaders);
    if (role) {
      const value = await encode({ token: { sub: crypto.randomUUID(), role, businessId: crypto.randomUUID(), mustChangePassword }, secret: env().NEXTAUTH_SECRET });
      headers.set("cookie", `${sessionCookieName()}=${value}`);
    }
    return (await guardPage(new NextRequest(new URL(pathname, "http://localhost:3000"), { headers }))).redirect;
  }

  /** A browser signed in as a real member now (the sign-in pages ask the database whether its session holds). */
  async function signedInBrowser(role: Role) {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id, role });
    const token = { sub: user.id, email: user.email, name: user.name, role, businessId: business.id, mustChangePassword: false, pwd: 0 };
    const cookie = `${sessionCookieName()}=${await encode({ token, secret: env().NEXTAUTH_SECRET })}`;
    const visit = (pathname: string, extraHeaders: Record<string, string> = {}) =>
      guardPage(new NextRequest(new URL(pathname, "http://localhost:3000"), { headers: { cookie, ...extraHeaders } }));
    return { user, cookie, visit };
  }

  it("sends a signed-in member from the sign-in pages to their home, as the database has their role now", async () => {
    const { user, visit } = await signedInBrowser("viewer");
    expect((await visit("/login")).redirect?.headers.get("location")).toBe("http://localhost:3000/chat");
    await getDb().update(users).set({ role: "approver" }).where(eq(users.id, user.id));
    expect((await visit("/register")).redirect?.headers.get("location")).toBe("http://localhost:3000/approvals");
  });

  it("serves the sign-in pages to a browser whose session has ended, and clears its cookie, rather than sending it home to be found signed out and sent back", async () => {
    const changed = await signedInBrowser("admin");
    // Its password changed elsewhere (a reset from another device, say).
    await getDb().update(users).set({ passwordChangedAt: sql`now()` }).where(eq(users.id, changed.user.id));
    const deactivated = await signedInBrowser("viewer");
    await getDb().update(users).set({ active: false }).where(eq(users.id, deactivated.user.id));
    for (const browser of [changed, deactivated]) {
      for (const pathname of ["/login", "/register"]) {
        const guard = await browser.visit(pathname, { "sec-fetch-dest": "document" });
        expect(guard.redirect, pathname).toBeNull();
        expect(guard.setCookies).toHaveLength(1);
        expect(guard.setCookies![0]).toMatch(new RegExp(`^${sessionCookieName()}=;.*Max-Age=0`));
        expect(guard.setCookies![0]).toMatch(/Path=\//);
      }
    }
    // The page is served with the removal (proxy.ts), so the browser's next request is a visitor's.
    const page = await proxy(new NextRequest(new URL("/login", "http://localhost:3000"), { headers: { cookie: changed.cookie } }));
    expect(page.headers.get("location")).toBeNull();
    expect(page.headers.get("x-middleware-next")).toBe("1");
    expect(page.headers.get("set-cookie")).toMatch(new RegExp(`^${sessionCookieName()}=;.*Max-Age=0`));
  });

  it("reads the role from the next-auth session cookie", async () => {
    expect((await request("/users", "viewer"))?.headers.get("location")).toBe("http://localhost:3000/chat");
    expect(await request("/users", "admin")).toBeNull();
    expect((await request("/approvals"))?.headers.get("location")).toBe("http://localhost:3000/login?callbackUrl=%2Fapprovals");
    expect(await request("/")).toBeNull();
  });

  it("remembers, in a short-lived cookie, the page a role was sent away from, and only then", async () => {
    const refused = await request("/inbox?session=1", "viewer", false, { "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" });
    expect(refused?.headers.get("location")).toBe("http://localhost:3000/chat");
    const cookie = refused?.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${REFUSED_PAGE_COOKIE}=%2Finbox;`));
    expect(cookie).toMatch(/Max-Age=30/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=lax/i);
    // The page's own entry in the table, not the path asked for: an approver may open /products but not /products/new.
    expect((await request("/products/new", "approver"))?.cookies.get(REFUSED_PAGE_COOKIE)?.value).toBe("/products/new");
    expect((await request("/products/3f1c1f2e-8d9a-4f5e-9c61-0a2b3c4d5e6f/edit", "viewer"))?.cookies.get(REFUSED_PAGE_COOKIE)?.value).toBe("/products");
    // Signed out, a password to change, a signed-in user at the sign-in page, or a client navigation (no
    // layout renders for it): sent on without a word.
    for (const sent of [
      await request("/inbox"),
      await request("/inbox", "viewer", true),
      (await (await signedInBrowser("viewer")).visit("/login")).redirect,
      await request("/inbox", "viewer", false, { "sec-fetch-dest": "empty" }),
    ]) {
      expect(sent?.headers.get("location")).toBeTruthy();
      expect(sent?.headers.get("set-cookie")).toBeNull();
    }
  });

  it("reads a pending password change from the cookie", async () => {
    expect((await request("/users", "admin", true))?.headers.get("location")).toBe("http://localhost:3000/account");
    expect(await request("/account", "admin", true)).toBeNull();
  });

  it("treats a cookie sealed with another secret as signed out", async () => {
    const forged = await encode({ token: { sub: crypto.randomUUID(), role: "admin" }, secret: "y".repeat(40) });
    const { redirect: response } = await guardPage(
      new NextRequest(new URL("/dashboard", "http://localhost:3000"), { headers: { cookie: `${sessionCookieName()}=${forged}` } }),
    );
    expect(response?.headers.get("location")).toBe("http://localhost:3000/login?callbackUrl=%2Fdashboard");
  });
});

describe("the page a role was sent away from", () => {
  const withCookie = (value: string) =>
    new NextRequest(new URL("/chat", "http://localhost:3000"), { headers: { cookie: `${REFUSED_PAGE_COOKIE}=${encodeURIComponent(value)}` } });

  it("is read back only as an entry of the page table", () => {
    expect(refusedPageOf(withCookie("/inbox"))).toBe("/inbox");
    expect(refusedPageOf(withCookie("/products/new"))).toBe("/products/new");
    for (const value of ["/inbox/123", "/", "https://evil.example/inbox", "Inbox is only for admins", ""]) expect(refusedPageOf(withCookie(value))).toBeNull();
    expect(refusedPageOf(new NextRequest(new URL("/chat", "http://localhost:3000")))).toBeNull();
  });

  it("is named with the roles that may open it", () => {
    expect(refusedPageNotice("/inbox")).toBe("Inbox is only for admins, so you’re on your start page instead.");
    expect(refusedPageNotice("/products")).toBe("Products is only for admins, editors, and approvers, so you’re on your start page instead.");
    expect(refusedPageNotice("/products/new")).toBe("New product is only for admins and editors, so you’re on your start page instead.");
    expect(refusedPageNotice("/shop/demo")).toBeNull();
  });
});
