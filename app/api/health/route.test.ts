import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/http";
import { GET as health } from "./route";

describe("GET /api/health", () => {
  it("reports the engine in use", async () => {
    const response = await callRoute(health);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, db: process.env.DATABASE_URL ? "postgres" : "pglite", version: expect.any(String) });
  });
});
