import { sql } from "drizzle-orm";
import { vi } from "vitest";
import { getDb, selectRows, transaction, type Database } from "@/db/client";

/**
 * A concurrent writer caught mid-way (Postgres: it needs a second connection): runs `first` in a
 * transaction and holds it open; `finish()` then runs `then` in it, commits, and resolves once committed.
 */
export async function heldTransaction(first: (tx: Database) => Promise<void>, then: (tx: Database) => Promise<void> = async () => {}) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const committed = transaction(async (tx) => {
    await first(tx);
    held();
    await released;
    await then(tx);
  });
  await Promise.race([isHeld, committed]);
  return {
    finish: async () => {
      release();
      await committed;
    },
  };
}

/** Resolves once `sessions` other sessions of this database wait for a lock (the held transaction's, say). */
export async function someoneWaitsForALock(sessions = 1): Promise<void> {
  await vi.waitUntil(
    async () => {
      const [row] = await selectRows<{ waiting: number }>(
        getDb(),
        sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return (row?.waiting ?? 0) >= sessions;
    },
    { timeout: 10_000, interval: 20 },
  );
}
