import { getRedirectUrl, getRewrittenUrl, unstable_getResponseFromNextConfig } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie-names";

// next.config.ts's routing of a visitor's public pages, as Next applies it (docs/architecture.md, "Pages").
const route = (url: string, options: { cookies?: Record<string, string>; headers?: Record<string, string> } = {}) =>
  unstable_getResponseFromNextConfig({ url: `http://localhost${url}`, nextConfig, ...options });

describe("a visitor's public pages under the Pages Router", () => {
  it("serves a visitor's load of the front page, a storefront, a product or the sign-in page, query and all, from its Pages Router copy", async () => {
    const cases: [string, string][] = [
      ["/", "http://localhost/visitor"],
      ["/?page=2", "http://localhost/visitor?page=2"],
      ["/shop/demo-outfitters", "http://localhost/visitor/shop/demo-outfitters"],
      ["/shop/demo-outfitters?q=desk&sort=price_asc", "http://localhost/visitor/shop/demo-outfitters?q=desk&sort=price_asc"],
      ["/shop/demo-outfitters/6f1c4a52-0d7e-4d2b-9a57-1f3c2b9e8d10?image=2", "http://localhost/visitor/shop/demo-outfitters/6f1c4a52-0d7e-4d2b-9a57-1f3c2b9e8d10?image=2"],
      ["/login", "http://localhost/visitor/login"],
      ["/login?callbackUrl=%2Fpurchases", "http://localhost/visitor/login?callbackUrl=%2Fpurchases"],
    ];
    for (const [url, target] of cases) expect(getRewrittenUrl(await route(url)), url).toBe(target);
  });

  it("leaves a member's load (either cookie name, whole or in chunks) with the App Router", async () => {
    for (const name of SESSION_COOKIE_NAMES) {
      for (const cookie of [name, `${name}.0`]) {
        for (const url of ["/", "/shop/demo-outfitters", "/shop/demo-outfitters/6f1c4a52-0d7e-4d2b-9a57-1f3c2b9e8d10", "/login"]) {
          expect(getRewrittenUrl(await route(url, { cookies: { [cookie]: "x" } })), `${cookie} ${url}`).toBeNull();
        }
      }
    }
  });

  it("leaves a navigation inside the app (an RSC request) and every other page with the App Router", async () => {
    expect(getRewrittenUrl(await route("/shop/demo-outfitters", { headers: { rsc: "1" } }))).toBeNull();
    expect(getRewrittenUrl(await route("/login", { headers: { rsc: "1" } }))).toBeNull();
    for (const url of ["/catalog", "/register", "/login/more", "/shop", "/shop/demo-outfitters/a/b", "/shopping", "/chat"]) {
      expect(getRewrittenUrl(await route(url)), url).toBeNull();
    }
  });

  it("sends a request for a copy's own address on to the public one", async () => {
    for (const [url, target] of [
      ["/visitor", "http://localhost/"],
      ["/visitor/shop/demo-outfitters", "http://localhost/shop/demo-outfitters"],
      ["/visitor/login?callbackUrl=%2Fchat", "http://localhost/login?callbackUrl=%2Fchat"],
      ["/visitor/shop/demo-outfitters/6f1c4a52-0d7e-4d2b-9a57-1f3c2b9e8d10?image=2", "http://localhost/shop/demo-outfitters/6f1c4a52-0d7e-4d2b-9a57-1f3c2b9e8d10?image=2"],
    ] as const) {
      const response = await route(url);
      expect(response.status, url).toBe(307);
      expect(getRedirectUrl(response), url).toBe(target);
    }
    expect(getRedirectUrl(await route("/visitors"))).toBeNull();
  });
});
