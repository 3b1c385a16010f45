import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createApiKey, createBusiness } from "@/test/factories";
import { config, proxy } from "./proxy";

describe("proxy matcher", () => {
  it("runs for pages, which get the guard and the CSP", () => {
    for (const url of ["/", "/dashboard", "/products/new", "/login", "/shop/demo-outfitters", "/embed/pk_x", "/api"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });

  it("skips the API, save a path with a `%` that may not decode", () => {
    for (const url of ["/api/products", "/api/products/limits", "/api/chat", "/api/events", "/api/auth/session", "/api/products?q=%ZZ"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
    for (const url of ["/api/products/%", "/api/products/%ZZ", "/api/%", "/api/auth/%E0%A4%A", "/api/products/%20x"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });

  it("skips static files, so a signed-out browser gets the favicon and app icons", () => {
    for (const url of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/_next/static/chunks/app.js"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
  });
});

describe("proxy on /api paths", () => {
  it("answers a path that does not percent-decode with a JSON 400 before Next's router fails on it (e2e/api-hardening.spec.ts shows it on next start)", async () => {
    for (const path of ["/api/products/%", "/api/products/%ZZ", "/api/products/%ud800", "/api/%", "/api/products/%ED%A0%80"]) {
      const response = await proxy(new NextRequest(`http://localhost${path}`));
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ error: "invalid_request" });
      expect(response.headers.get("x-request-id"), path).toBeTruthy();
    }
  });

  it("passes a well-formed path on to its route, escapes included, adding nothing (next.config.ts sets the API's headers)", async () => {
    for (const path of ["/api/products", "/api/products/%20x", "/api/products/%E2%9C%93"]) {
      const response = await proxy(new NextRequest(`http://localhost${path}`));
      expect(response.headers.get("x-middleware-next"), path).toBe("1");
      expect(response.headers.get("content-security-policy"), path).toBeNull();
    }
  });
});

describe("proxy: who may frame a page", () => {
  const frameAncestors = (response: Response) => /frame-ancestors ([^;]*)/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

  it("/embed/<publishable key> may be framed by exactly the key's allowed origins, and keeps the rest of the page CSP", async () => {
    const business = await createBusiness();
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable", allowedOrigins: ["https://shop.example.com", "http://localhost:3000"] });
    const response = await proxy(new NextRequest(`http://localhost/embed/${key}`));
    expect(frameAncestors(response)).toBe("https://shop.example.com http://localhost:3000");
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("object-src 'none'");
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("an unknown, revoked or expired key's /embed page, and every other page, may be framed by none", async () => {
    const business = await createBusiness();
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable", allowedOrigins: ["https://shop.example.com"] });
    const revoked = (await createApiKey({ businessId: business.id, kind: "publishable", revokedAt: new Date() })).key;
    const expired = (await createApiKey({ businessId: business.id, kind: "publishable", expiresAt: new Date(Date.now() - 1000) })).key;
    const secret = (await createApiKey({ businessId: business.id, kind: "secret" })).key;
    for (const path of [`/embed/${revoked}`, `/embed/${expired}`, `/embed/${secret}`, `/embed/pk_${"x".repeat(43)}`, "/embed/nope", "/", "/login", "/widget-demo", `/?embed=${key}`, `/embedded/${key}`]) {
      const response = await proxy(new NextRequest(`http://localhost${path}`));
      expect(frameAncestors(response), path).toBe("'none'");
    }
  });

  it("hands a page request its path in x-page-path (the chat's layout reads it), never a value the browser sent", async () => {
    // NextResponse.next({ request: { headers } }) passes each request header on as x-middleware-request-<name>.
    const forwarded = async (path: string, headers: Record<string, string> = {}) =>
      (await proxy(new NextRequest(`http://localhost${path}`, { headers }))).headers.get("x-middleware-request-x-page-path");
    expect(await forwarded("/login")).toBe("/login");
    expect(await forwarded("/shop/demo-outfitters", { "x-page-path": "/chat/00000000-0000-4000-8000-000000000000" })).toBe("/shop/demo-outfitters");
    // A client navigation too: one from another page renders the chat's layout, which shows the conversation asked for.
    expect(await forwarded("/shop/demo-outfitters", { "sec-fetch-dest": "empty" })).toBe("/shop/demo-outfitters");
  });

  it("hands a document request the page a role was just sent away from, once: the cookie is cleared, a client navigation leaves it, and a header the browser sent is dropped", async () => {
    const page = (headers: Record<string, string> = {}) => proxy(new NextRequest("http://localhost/catalog", { headers }));
    const consumed = await page({ cookie: "refused-page=%2Finbox" });
    expect(consumed.headers.get("x-middleware-request-x-refused-page")).toBe("/inbox");
    expect(consumed.headers.get("set-cookie")).toMatch(/^refused-page=; Path=\/; Expires=Thu, 01 Jan 1970/);
    for (const navigation of [{ "sec-fetch-dest": "empty" }, { "sec-fetch-dest": "empty", "sec-fetch-mode": "cors" }] as Record<string, string>[]) {
      const left = await page({ cookie: "refused-page=%2Finbox", ...navigation });
      expect(left.headers.get("x-middleware-request-x-refused-page")).toBeNull();
      expect(left.headers.get("set-cookie")).toBeNull();
    }
    expect((await page({ "x-refused-page": "/inbox" })).headers.get("x-middleware-request-x-refused-page")).toBeNull();
    expect((await page({ cookie: "refused-page=%2Fnowhere" })).headers.get("x-middleware-request-x-refused-page")).toBeNull();
  });
});
