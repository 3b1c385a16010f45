import { expect, test, type APIResponse } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./pages/login-page";

// What only a real `next start` shows: Next's own routing before any route handler runs, the
// proxy, and the headers next.config.ts adds. No browser is needed.

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["content-security-policy"], what).toContain("default-src 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
}

test("a path with malformed percent-encoding is a JSON 400 with the security headers, not Next's text 500", async ({ request }) => {
  for (const path of ["/api/products/%", "/api/products/%ZZ", "/api/products/%ud800", "/api/%", "/api/products/%ED%A0%80", "/api/auth/%E0%A4%A"]) {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const response = await request.fetch(path, { method });
      expect(response.status(), `${method} ${path}`).toBe(400);
      expect(response.headers()["content-type"], path).toContain("application/json");
      expect(await response.json(), path).toMatchObject({ error: "invalid_request" });
      expect(response.headers()["x-request-id"], path).toBeTruthy();
      expectSecurityHeaders(response, path);
      expect(response.headers()["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  }
  // A path with a well-formed escape goes on to its route, with the same headers.
  const escaped = await request.get("/api/products/%E2%9C%93");
  expect(escaped.status()).toBe(404);
  expect(await escaped.json()).toMatchObject({ error: "not_found" });
  expectSecurityHeaders(escaped, "escaped");
  expect(escaped.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("next-auth's routes: _log writes nothing and answers 204, bodies are bounded, other methods are a JSON 405", async ({ request }) => {
  const log = await request.post("/api/auth/_log", { form: { level: "error", code: "FORGED", message: "the payments database is gone" } });
  expect(log.status()).toBe(204);

  const huge = await request.post("/api/auth/callback/credentials", { form: { email: DEMO.viewer, password: "x".repeat(64 * 1024) } });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toMatchObject({ error: "payload_too_large" });
  expectSecurityHeaders(huge, "413");

  const put = await request.put("/api/auth/session");
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
  expect(await put.json()).toMatchObject({ error: "method_not_allowed" });
});

test("a JSON body must be declared as JSON, and authenticated answers are never cached", async ({ request }) => {
  const asText = await request.post("/api/auth/login", {
    headers: { "content-type": "text/plain" },
    data: JSON.stringify({ email: DEMO.admin, password: DEMO_PASSWORD }),
  });
  expect(asText.status()).toBe(415);
  expect(await asText.json()).toMatchObject({ error: "unsupported_media_type" });

  const login = await request.post("/api/auth/login", { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { access } = await login.json();
  for (const path of ["/api/products/internal", "/api/business", "/api/chat/sessions", "/api/does-not-exist"]) {
    const response = await request.get(path, { headers: { authorization: `Bearer ${access}` } });
    expect(response.headers()["cache-control"], path).toBe("no-store");
  }
});
