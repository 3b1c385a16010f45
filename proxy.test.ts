import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "./proxy";

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
