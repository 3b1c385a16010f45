import { createServer, type Server } from "node:net";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { databaseFromPostgres, getAppDatabase, installAppDatabase, PING_TIMEOUT_MS, type AppDatabase } from "@/db/client";
import { callRoute } from "@/test/http";
import { GET as health } from "./route";

/** Calls the health check with `database` installed in place of the app's. */
async function healthOf(database: AppDatabase) {
  const real = getAppDatabase();
  installAppDatabase(database);
  try {
    return await callRoute(health);
  } finally {
    installAppDatabase(real);
  }
}

describe("GET /api/health", () => {
  it("reports the engine in use", async () => {
    const response = await callRoute(health);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, db: process.env.DATABASE_URL ? "postgres" : "pglite", version: expect.any(String) });
  });

  it("answers 503 JSON when the database refuses connections", async () => {
    const down = databaseFromPostgres(postgres("postgres://app@127.0.0.1:1/app", { max: 1, onnotice: () => {} }));
    try {
      const response = await healthOf(down);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body).toMatchObject({ error: "service_unavailable" });
    } finally {
      await down.close();
    }
  });

  it("answers 503 within a few seconds when the database does not answer at all (packets dropped), instead of hanging", async () => {
    // Accepts the connection and never says a word, as a host behind a partition looks to a driver.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const hung = databaseFromPostgres(postgres(`postgres://app@127.0.0.1:${port}/app`, { max: 1, onnotice: () => {} }));
    const started = Date.now();
    try {
      const response = await healthOf(hung);
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ error: "service_unavailable" });
      expect(Date.now() - started).toBeLessThan(PING_TIMEOUT_MS + 2_000);
    } finally {
      void hung.close();
      silent.close();
    }
  }, 40_000);
});
