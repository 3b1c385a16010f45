import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { callRoute } from "@/test/http";
import { AppError } from "./errors";
import { json, methods, route } from "./http";
import { logger } from "./logger";

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
