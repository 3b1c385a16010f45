import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { callRoute } from "@/test/http";
import { AppError } from "./errors";
import { json, MAX_JSON_DEPTH, methods, route } from "./http";
import { createLogger, logger } from "./logger";

const echo = route(async ({ body }) => json(await body(z.object({ name: z.string().min(1) }).strict()), { status: 201 }));

describe("route() and the JSON error contract", () => {
  it("answers malformed JSON with 400 invalid_request", async () => {
    const response = await callRoute(echo, { method: "POST", rawBody: '{"name": ', headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: "invalid_request", detail: expect.stringContaining("JSON") });
  });

  it("answers a schema violation with 400 and the offending fields", async () => {
    const response = await callRoute(echo, { method: "POST", body: { name: "", extra: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_request");
    expect(Object.keys(response.body.fields)).toEqual(expect.arrayContaining(["name"]));
  });

  it("refuses the NUL character, which Postgres text cannot hold, in a body or a query string", async () => {
    const inBody = await callRoute(echo, { method: "POST", body: { name: "a\u0000b" } });
    expect(inBody.status).toBe(400);
    expect(inBody.body).toMatchObject({ error: "invalid_request", detail: expect.stringContaining("NUL") });
    const reader = route(async ({ query }) => json(query(z.object({ q: z.string().optional() }))));
    const inQuery = await callRoute(reader, { path: "/api/test?q=desk%00" });
    expect(inQuery.status).toBe(400);
    expect((await callRoute(reader, { path: "/api/test?q=desk" })).body).toEqual({ q: "desk" });
  });

  it("refuses an unpaired UTF-16 surrogate (which jsonb cannot store) in any body value or key, and in a query key or value", async () => {
    const anything = route(async ({ body }) => json({ got: await body(z.unknown()) }));
    for (const raw of ['{"name": "\\ud800"}', '{"list": [{"deep": "ok\\udfff"}]}', '{"\\ud83d": 1}', '["a", "\\ud83dx"]']) {
      const response = await callRoute(anything, { method: "POST", rawBody: raw, headers: { "content-type": "application/json" } });
      expect(response.status, raw).toBe(400);
      expect(response.body, raw).toMatchObject({ error: "invalid_request", detail: expect.stringContaining("surrogate") });
    }
    // A well-formed pair (an emoji) is ordinary text.
    const pair = await callRoute(anything, { method: "POST", rawBody: '{"name": "\\ud83d\\ude00"}', headers: { "content-type": "application/json" } });
    expect(pair.body).toEqual({ got: { name: "😀" } });
    const keyWithNul = await callRoute(anything, { method: "POST", rawBody: '{"a\\u0000": 1}', headers: { "content-type": "application/json" } });
    expect(keyWithNul.status).toBe(400);

    // A URL cannot carry a lone surrogate (URLSearchParams turns one into U+FFFD); its keys are checked for NUL like its values.
    const reader = route(async ({ query }) => json(query(z.record(z.string(), z.string()))));
    expect((await callRoute(reader, { path: "/api/test?q%00=x" })).status).toBe(400);
    expect((await callRoute(reader, { path: "/api/test?q=%ED%A0%80" })).body).toEqual({ q: "\ufffd\ufffd\ufffd" });
  });

  it(`answers JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400, however deep, without overflowing the stack`, async () => {
    const anything = route(async ({ body }) => json({ got: await body(z.unknown()) }));
    const nested = (levels: number, open = "[", close = "]") => open.repeat(levels) + close.repeat(levels);
    const post = (raw: string) => callRoute(anything, { method: "POST", rawBody: raw, headers: { "content-type": "application/json" } });
    expect((await post(nested(MAX_JSON_DEPTH))).status).toBe(200);
    const tooDeep = await post(nested(MAX_JSON_DEPTH + 1));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body).toMatchObject({ error: "invalid_request", detail: expect.stringContaining("nests deeper") });
    // 200,000 levels in 400 KB: a recursive walk overflows long before this.
    expect((await post(nested(200_000))).status).toBe(400);
    expect((await post(`{"a":${nested(50_000, '{"a":', "}")}0}`.replace(/}0}$/, "0}"))).status).toBe(400);
  });

  it("answers a body that is not declared as JSON with 415, and accepts JSON types with parameters", async () => {
    const payload = JSON.stringify({ name: "ok" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json"]) {
      const response = await callRoute(echo, { method: "POST", rawBody: payload, headers: { "content-type": type } });
      expect(response.status, type).toBe(415);
      expect(response.body, type).toMatchObject({ error: "unsupported_media_type" });
    }
    const untyped = await callRoute(echo, { method: "POST", rawBody: payload });
    expect(untyped.status).toBe(415);
    for (const type of ["application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"]) {
      const response = await callRoute(echo, { method: "POST", rawBody: payload, headers: { "content-type": type } });
      expect(response.status, type).toBe(201);
    }
    // No body and no type is the empty object (an action such as submit sends nothing).
    const empty = route(async ({ body }) => json(await body(z.object({}).strict())));
    expect((await callRoute(empty, { method: "POST" })).body).toEqual({});
  });

  it("marks the answer to a request that carried credentials Cache-Control: no-store, unless the handler chose its caching", async () => {
    const plain = route(async () => json({ ok: true }));
    const cached = route(async () => json({ ok: true }, { headers: { "cache-control": "public, max-age=60" } }));
    const failing = route(async () => {
      throw new AppError("not_found", "Nothing here.");
    });
    expect((await callRoute(plain)).headers.get("cache-control")).toBeNull();
    expect((await callRoute(plain, { token: "anything" })).headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(plain, { headers: { cookie: "theme=dark; next-auth.session-token=abc" } })).headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(plain, { headers: { cookie: "__Secure-next-auth.session-token.0=abc" } })).headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(plain, { headers: { cookie: "theme=dark" } })).headers.get("cache-control")).toBeNull();
    expect((await callRoute(plain, { headers: { "x-api-key": "sk_live_anything" } })).headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(cached, { token: "anything" })).headers.get("cache-control")).toBe("public, max-age=60");
    expect((await callRoute(failing, { token: "anything" })).headers.get("cache-control")).toBe("no-store");
  });

  it("accepts a valid body", async () => {
    const response = await callRoute(echo, { method: "POST", body: { name: "ok" } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ name: "ok" });
  });

  it("refuses a 2 MB body with 413, whether or not its length was declared", async () => {
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) });
    const declared = await callRoute(echo, { method: "POST", rawBody: big, headers: { "content-type": "application/json", "content-length": String(big.length) } });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: "payload_too_large" });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode("x".repeat(256 * 1024));
        for (let i = 0; i < 8; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const undeclared = await callRoute(echo, { method: "POST", rawBody: streamed, headers: { "content-type": "application/json" } });
    expect(undeclared.status).toBe(413);
  });

  it("turns an unexpected throw into a 500 internal_error without internals, and logs it with the request id", async () => {
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const broken = route(async () => {
      throw new Error("database password is hunter2 at /srv/app/secret.ts:12");
    });
    const response = await callRoute(broken, { headers: { "x-request-id": "req-123" } });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: "internal_error", detail: expect.any(String) });
    expect(response.text).not.toContain("hunter2");
    expect(response.text).not.toContain("secret.ts");
    expect(response.headers.get("x-request-id")).toBe("req-123");
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: "req-123" }), expect.any(String));
    logged.mockRestore();
  });

  it("logs a failed query with its SQL and its database error, never the values bound to it", async () => {
    const lines: string[] = [];
    const capture = createLogger({ write: (line) => void lines.push(line) });
    const logged = vi.spyOn(logger(), "error").mockImplementation(capture.error.bind(capture));
    // As drizzle-orm 0.45 wraps a PGlite error: the values are in its message, its stack and `params`,
    // and the driver's error carries them again (and Postgres quotes the failing row in `detail`).
    const values = ["passport-scan-4417.pdf", "sk_live_7f3a9c"];
    const sql = 'insert into "chat_files" ("name", "secret") values ($1, $2)';
    const driverError = Object.assign(new Error('new row for relation "chat_files" violates check constraint "chat_files_size_range"'), {
      code: "23514",
      constraint: "chat_files_size_range",
      detail: `Failing row contains (${values.join(", ")}).`,
      query: sql,
      params: values,
      queryOptions: { params: values },
    });
    const broken = route(async () => {
      throw new DrizzleQueryError(sql, values, driverError);
    });
    const response = await callRoute(broken, { headers: { "x-request-id": "req-456" } });
    logged.mockRestore();
    expect(response.status).toBe(500);
    expect(lines).toHaveLength(1);
    for (const value of values) expect(lines[0]).not.toContain(value);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      requestId: "req-456",
      err: { type: "DrizzleQueryError", query: sql, message: expect.stringMatching(/chat_files.*violates check constraint/) },
    });
  });

  it("answers two requests that collided in the database with what the caller can do (503 to retry, 409 to reload), never a 500", async () => {
    const driverError = (code: string) => Object.assign(new Error(`postgres says ${code}`), { code });
    const failing = (code: string) =>
      route(async () => {
        throw new DrizzleQueryError("delete from chat_messages where session_id = $1", ["s"], driverError(code));
      });
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const deadlock = await callRoute(failing("40P01"));
    const serialization = await callRoute(failing("40001"));
    const reference = await callRoute(failing("23503"));
    const unique = await callRoute(failing("23505"));
    expect(logged).toHaveBeenCalledTimes(4);
    logged.mockRestore();
    expect(deadlock.status).toBe(503);
    expect(deadlock.body).toEqual({ error: "service_unavailable", detail: "Another change got in the way of this one. Try again." });
    expect(deadlock.headers.get("retry-after")).toBe("1");
    expect(serialization.status).toBe(503);
    expect(reference.status).toBe(409);
    expect(reference.body.error).toBe("conflict");
    // Anything else stays a logged 500: a unique violation is the code's own to answer.
    expect(unique.status).toBe(500);
  });

  it("maps every AppError to its status and echoes a safe request id, replacing an unsafe one", async () => {
    const conflict = route(async () => {
      throw new AppError("invalid_transition", "Not from this state.");
    });
    const response = await callRoute(conflict, { headers: { "x-request-id": "bad id; drop <script>" } });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: "invalid_transition", detail: "Not from this state." });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("methods()", () => {
  const GET = route(async () => json({ ok: true }));
  const all = methods({ GET });

  it("answers a method the endpoint does not serve with a JSON 405 and Allow", async () => {
    const response = await callRoute(all.DELETE, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.body).toMatchObject({ error: "method_not_allowed" });
  });

  it("keeps the served handlers and lists them for OPTIONS", async () => {
    expect(all.GET).toBe(GET);
    const options = await callRoute(all.OPTIONS, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
