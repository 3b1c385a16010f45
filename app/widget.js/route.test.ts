import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/http";
import { GET, POST } from "./route";

describe("GET /widget.js", () => {
  it("serves a small script, cacheable and revalidated by ETag", async () => {
    const response = await callRoute(GET, { path: "/widget.js" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d{4,}/);
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(gzipSync(response.text).byteLength).toBeLessThan(10 * 1024);
  });

  it("is plain JavaScript that parses, opens /embed/<key> and sends the key only in a header", async () => {
    const { text } = await callRoute(GET, { path: "/widget.js" });
    expect(() => new Function(text)).not.toThrow();
    expect(text).toContain('"/embed/"');
    expect(text).toContain('"X-API-Key"');
    expect(text).not.toMatch(/api_key=/i);
    expect(text).not.toMatch(/\bimport\b|\brequire\(/);
    // A publishable key only: a secret key pasted into a page is refused by the script itself.
    expect(text).toContain("/^pk_[A-Za-z0-9_-]{43}$/");
  });

  it("answers 304 with no body to a matching If-None-Match, and the script again to a stale one", async () => {
    const first = await callRoute(GET, { path: "/widget.js" });
    const etag = first.headers.get("etag")!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`]) {
      const again = await callRoute(GET, { path: "/widget.js", headers: { "if-none-match": ifNoneMatch } });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.text, ifNoneMatch).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
    }
    const stale = await callRoute(GET, { path: "/widget.js", headers: { "if-none-match": '"stale"' } });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it("serves only GET", async () => {
    const response = await callRoute(POST, { path: "/widget.js", method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("GET");
  });
});
