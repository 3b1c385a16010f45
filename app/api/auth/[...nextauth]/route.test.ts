import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { createTeam, TEST_PASSWORD } from "@/test/factories";
import { callRoute } from "@/test/http";
import * as nextAuthRoute from "./route";

let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

function post(action: string[], rawBody: string, headers: Record<string, string> = formHeaders) {
  return callRoute(nextAuthRoute.POST, { method: "POST", path: `/api/auth/${action.join("/")}`, params: { nextauth: action }, rawBody, headers });
}

describe("next-auth's routes", () => {
  it("POST /api/auth/_log is answered 204 and writes nothing to the server log, whatever level it names", async () => {
    const log = logger();
    const spies = (["fatal", "error", "warn", "info"] as const).map((level) => vi.spyOn(log, level).mockImplementation(() => undefined));
    for (const body of [
      form({ level: "error", code: "DATABASE_DOWN", message: "forged: the payments database is gone" }),
      form({ level: "constructor", code: "X" }),
      form({ level: "warn", code: "Y" }),
    ]) {
      const response = await post(["_log"], body);
      expect(response.status).toBe(204);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("bounds the body like every other route: 413 JSON over the limit, before next-auth reads it", async () => {
    const huge = form({ email: team.viewer.email, password: "x".repeat(64 * 1024) });
    const response = await post(["callback", "credentials"], huge);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: "payload_too_large" });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("malformed JSON, a NUL or an unpaired surrogate in the form is a JSON 400, not next-auth's 500", async () => {
    const malformed = await post(["callback", "credentials"], '{"email": ', { "content-type": "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: "invalid_request" });
    const nul = await post(["callback", "credentials"], form({ email: "a\u0000@example.test", password: "whatever1" }));
    expect(nul.status).toBe(400);
    const surrogate = await post(["callback", "credentials"], '{"email": "\\ud800"}', { "content-type": "application/json" });
    expect(surrogate.status).toBe(400);
  });

  it("answers an unsupported method with a JSON 405 and Allow, and an unknown action with a JSON 404", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"] as const) {
      const response = await callRoute(nextAuthRoute[method], { method, path: "/api/auth/session", params: { nextauth: ["session"] } });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
      expect(response.body).toMatchObject({ error: "method_not_allowed" });
    }
    const unknown = await callRoute(nextAuthRoute.GET, { path: "/api/auth/nothing", params: { nextauth: ["nothing"] } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "not_found" });
  });

  it("a callback URL next-auth cannot parse (query or cookie) is a JSON 400, never its 500 and error log line", async () => {
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    for (const action of ["session", "csrf", "providers", "signin"]) {
      const response = await callRoute(nextAuthRoute.GET, { path: `/api/auth/${action}?callbackUrl=0000-01-01`, params: { nextauth: [action] } });
      expect(response.status, action).toBe(400);
      expect(response.body, action).toMatchObject({ error: "invalid_request", fields: { callbackUrl: expect.any(Array) } });
    }
    // A good value first and a bad repeat after it: next-auth reads the repeat.
    const repeated = await callRoute(nextAuthRoute.GET, { path: "/api/auth/session?callbackUrl=%2F&callbackUrl=+", params: { nextauth: ["session"] } });
    expect(repeated.status).toBe(400);
    expect(repeated.body).toMatchObject({ error: "invalid_request", fields: { callbackUrl: expect.any(Array) } });
    const badCookie = await callRoute(nextAuthRoute.GET, {
      path: "/api/auth/session",
      params: { nextauth: ["session"] },
      headers: { cookie: "next-auth.callback-url=javascript:alert(1)" },
    });
    expect(badCookie.status).toBe(400);
    expect(badCookie.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0/);
    for (const callbackUrl of ["1970-01-01", 7]) {
      const inBody = await post(["session"], JSON.stringify({ csrfToken: "x", callbackUrl }), { "content-type": "application/json" });
      expect(inBody.status, String(callbackUrl)).toBe(400);
    }
    expect(logged).not.toHaveBeenCalled();
    // A relative path and an absolute http(s) URL are what next-auth accepts.
    const fine = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf?callbackUrl=%2Fproducts", params: { nextauth: ["csrf"] } });
    expect(fine.status).toBe(200);
  });

  it("next-auth's own refusals are JSON, and a method an action does not take is a JSON 405 naming the ones it does", async () => {
    const noCsrf = await post(["session"], form({ data: "x" }));
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.headers.get("content-type")).toContain("application/json");
    expect(noCsrf.body).toMatchObject({ error: "invalid_request" });
    const postProviders = await post(["providers"], "");
    expect(postProviders.status).toBe(405);
    expect(postProviders.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const getCallback = await callRoute(nextAuthRoute.GET, { path: "/api/auth/callback/credentials", params: { nextauth: ["callback", "credentials"] } });
    expect(getCallback.status).toBe(405);
    expect(getCallback.headers.get("allow")).toBe("OPTIONS, POST");
    const getLog = await callRoute(nextAuthRoute.GET, { path: "/api/auth/_log", params: { nextauth: ["_log"] } });
    expect(getLog.status).toBe(405);
    expect(getLog.headers.get("allow")).toBe("OPTIONS, POST");
    // next-auth's HTML pages are not the API's: its sign-out page, and the email sign-in's (there is none).
    const getSignOut = await callRoute(nextAuthRoute.GET, { path: "/api/auth/signout", params: { nextauth: ["signout"] } });
    expect(getSignOut.status).toBe(405);
    expect(getSignOut.headers.get("content-type")).toContain("application/json");
    expect(getSignOut.headers.get("allow")).toBe("OPTIONS, POST");
    for (const action of [["verify-request"], ["signout", "x"]]) {
      const page = await callRoute(nextAuthRoute.GET, { path: `/api/auth/${action.join("/")}`, params: { nextauth: action } });
      expect(page.status, action.join("/")).toBeGreaterThanOrEqual(400);
      expect(page.headers.get("content-type"), action.join("/")).toContain("application/json");
    }
  });

  it("an error code next-auth would write unescaped into a Location header is a JSON 400, not a 500", async () => {
    for (const [path, nextauth] of [
      ["/api/auth/error?error=%00", ["error"]],
      ["/api/auth/error?error=a%0D%0ASet-Cookie:%20x=1", ["error"]],
      ["/api/auth/error?error=%F0%9F%98%80", ["error"]],
      ["/api/auth/error", ["error", "caf\u00e9\u4e2d"]],
    ] as const) {
      const response = await callRoute(nextAuthRoute.GET, { path, params: { nextauth: [...nextauth] } });
      expect(response.status, path).toBe(400);
      expect(response.body, path).toMatchObject({ error: "invalid_request" });
    }
    const known = await callRoute(nextAuthRoute.GET, { path: "/api/auth/error?error=CredentialsSignin", params: { nextauth: ["error"] } });
    expect(known.status).toBe(302);
  });

  it("still signs a browser in: the bounded copy of the form reaches next-auth intact", async () => {
    const csrf = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf", params: { nextauth: ["csrf"] } });
    expect(csrf.status).toBe(200);
    const csrfCookie = (csrf.headers.get("set-cookie") ?? "").split(";")[0]!;
    const signIn = await callRoute(nextAuthRoute.POST, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      params: { nextauth: ["callback", "credentials"] },
      headers: { ...formHeaders, cookie: csrfCookie },
      rawBody: form({ email: team.viewer.email, password: TEST_PASSWORD, csrfToken: csrf.body.csrfToken, json: "true" }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("set-cookie") ?? "").toMatch(/next-auth\.session-token=[^;]+/);
  });

  it("a wrong password keeps next-auth's JSON answer with the error page's url, which its client reads", async () => {
    const csrf = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf", params: { nextauth: ["csrf"] } });
    const csrfCookie = (csrf.headers.get("set-cookie") ?? "").split(";")[0]!;
    const refused = await callRoute(nextAuthRoute.POST, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      params: { nextauth: ["callback", "credentials"] },
      headers: { ...formHeaders, cookie: csrfCookie },
      rawBody: form({ email: team.viewer.email, password: "not the password", csrfToken: csrf.body.csrfToken, json: "true" }),
    });
    expect(refused.status).toBe(401);
    expect(new URL(refused.body.url).searchParams.get("error")).toBe("CredentialsSignin");
    expect(refused.headers.get("set-cookie") ?? "").not.toMatch(/next-auth\.session-token=[^;]+/);
  });
});
