import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "./client";
import { listenTo } from "./listen";

describe("a listener on Postgres", () => {
  it("listens again when its connection is lost, also when listening again failed at first (the database still refusing connections)", async () => {
    const database = getAppDatabase();
    if (database.kind !== "postgres") return; // PGlite listens in this process and cannot lose its listener
    const channel = `listen_test_${Date.now()}`;
    const heard: string[] = [];
    let listens = 0;
    let losses = 0;
    const listener = await listenTo(
      database,
      channel,
      { onNotify: (payload) => heard.push(payload), onListen: () => (listens += 1), onLost: () => (losses += 1), log: () => undefined },
      { checkIntervalMs: 200 },
    );
    try {
      await database.postgresClient!.notify(channel, "first");
      await vi.waitUntil(() => heard.includes("first"), { timeout: 5_000, interval: 10 });
      expect(listens).toBe(1);

      // The database refuses new connections while the listener's is cut, so listening again fails at first.
      const name = database.postgresClient!.options.database;
      const admin = postgres({ ...database.postgresClient!.options, database: "postgres", max: 1 } as unknown as postgres.Options<Record<string, never>>);
      await admin.unsafe(`alter database "${name}" allow_connections false`);
      try {
        await getDb().execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`);
        await vi.waitUntil(() => losses === 1, { timeout: 5_000, interval: 10 });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(listens).toBe(1);
      } finally {
        await admin.unsafe(`alter database "${name}" allow_connections true`);
        await admin.end();
      }

      // A later check listens again, and what is sent after that is heard.
      await vi.waitUntil(() => listens === 2, { timeout: 5_000, interval: 10 });
      await database.postgresClient!.notify(channel, "second");
      await vi.waitUntil(() => heard.includes("second"), { timeout: 5_000, interval: 10 });
      // Its own checks never reach the caller.
      expect(heard).toEqual(["first", "second"]);
    } finally {
      await listener.stop();
    }
  });
});
