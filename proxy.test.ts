import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "./proxy";

describe("proxy matcher", () => {
  it("runs for pages and the API, which get the guard and the CSP", () => {
    for (const url of ["/", "/dashboard", "/products/new", "/login", "/api/products"]) {
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
      expect(response.headers.get("content-security-policy"), path).toContain("default-src 'none'");
      expect(response.headers.get("x-request-id"), path).toBeTruthy();
    }
  });

  it("passes a well-formed path on to its route, escapes included", async () => {
    for (const path of ["/api/products", "/api/products/%20x", "/api/products/%E2%9C%93"]) {
      const response = await proxy(new NextRequest(`http://localhost${path}`));
      expect(response.headers.get("x-middleware-next"), path).toBe("1");
      expect(response.headers.get("content-security-policy"), path).toContain("default-src 'none'");
    }
  });
});
