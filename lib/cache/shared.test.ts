import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { afterCommit, getAppDatabase, getDb, transaction } from "@/db/client";
import { announceChange, getSharedCache, SharedCache } from "./shared";

const BUSINESS = "00000000-0000-4000-8000-000000000001";
const OTHER_BUSINESS = "00000000-0000-4000-8000-000000000002";

/** A loader that counts its calls and answers with the count, so a cached answer is recognisable. */
function counter() {
  let calls = 0;
  return { load: async () => ++calls, get calls() { return calls; } };
}

describe("the shared cache", () => {
  // Another instance of the app: its own cache listening on the same database.
  let otherInstance: SharedCache;

  beforeAll(async () => {
    await getSharedCache().whenListening();
    otherInstance = new SharedCache(getAppDatabase());
    await otherInstance.whenListening();
  });

  afterAll(async () => {
    await otherInstance.stop();
  });

  it("answers a second read from memory", async () => {
    const loads = counter();
    expect(await getSharedCache().get("catalog", BUSINESS, "q=desk", 60_000, loads.load)).toBe(1);
    expect(await getSharedCache().get("catalog", BUSINESS, "q=desk", 60_000, loads.load)).toBe(1);
    expect(loads.calls).toBe(1);
  });

  it("drops a business's scope on this and every other instance when the announcing transaction commits", async () => {
    const here = counter();
    const there = counter();
    const untouched = counter();
    await getSharedCache().get("catalog", BUSINESS, "q=lamp", 60_000, here.load);
    await otherInstance.get("catalog", BUSINESS, "q=lamp", 60_000, there.load);
    await otherInstance.get("catalog", OTHER_BUSINESS, "q=lamp", 60_000, untouched.load);
    await otherInstance.get("business", BUSINESS, "bot name", 60_000, untouched.load);
    const sizeBefore = otherInstance.size;

    await transaction((tx) => announceChange(tx, "catalog", BUSINESS));

    // This process forgot at once; the other instance when the notification arrived.
    expect(await getSharedCache().get("catalog", BUSINESS, "q=lamp", 60_000, here.load)).toBe(2);
    await vi.waitUntil(() => otherInstance.size === sizeBefore - 1, { timeout: 5_000, interval: 10 });
    expect(await otherInstance.get("catalog", BUSINESS, "q=lamp", 60_000, there.load)).toBe(2);
    // Other businesses and other scopes were kept.
    expect(await otherInstance.get("catalog", OTHER_BUSINESS, "q=lamp", 60_000, untouched.load)).toBe(1);
    expect(await otherInstance.get("business", BUSINESS, "bot name", 60_000, untouched.load)).toBe(2);
  });

  // On Postgres only: PGlite hands this process its own notification before the commit returns, which
  // forgets the entry anyway.
  if (process.env.DATABASE_URL) it("forgets once more when the announcing transaction commits what a read stored between the announcement and the commit", async () => {
    const loads = counter();
    await transaction(async (tx) => {
      await announceChange(tx, "catalog", BUSINESS);
      // A read in the window: it sees the rows as they were before the write, and stores them.
      expect(await getSharedCache().get("catalog", BUSINESS, "q=stool", 60_000, loads.load)).toBe(1);
    });
    // The first read after the commit, before this instance hears its own notification: a fresh load.
    expect(await getSharedCache().get("catalog", BUSINESS, "q=stool", 60_000, loads.load)).toBe(2);
  });

  it("runs what waits for a commit after it, and never after a rollback", async () => {
    const ran: string[] = [];
    await transaction(async (tx) => {
      afterCommit(tx, () => ran.push("committed"));
      expect(ran).toEqual([]);
    });
    await expect(
      transaction(async (tx) => {
        afterCommit(tx, () => ran.push("rolled back"));
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    afterCommit(getDb(), () => ran.push("outside a transaction"));
    expect(ran).toEqual(["committed", "outside a transaction"]);
  });

  it("keeps what other instances hold when the announcing transaction rolls back", async () => {
    const there = counter();
    const marker = counter();
    await otherInstance.get("catalog", BUSINESS, "q=chair", 60_000, there.load);
    await otherInstance.get("catalog", OTHER_BUSINESS, "marker", 60_000, marker.load);
    await expect(
      transaction(async (tx) => {
        await announceChange(tx, "catalog", BUSINESS);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    // Notifications arrive in commit order: once a later change has reached the other instance, one
    // from the rolled-back transaction would have as well.
    const sizeBefore = otherInstance.size;
    await transaction((tx) => announceChange(tx, "catalog", OTHER_BUSINESS));
    await vi.waitUntil(() => otherInstance.size < sizeBefore, { timeout: 5_000, interval: 10 });
    expect(await otherInstance.get("catalog", BUSINESS, "q=chair", 60_000, there.load)).toBe(1);
  });

  it("drops one scope of every business when the change is announced for all", async () => {
    const first = counter();
    const second = counter();
    const kept = counter();
    await otherInstance.get("business", BUSINESS, "settings", 60_000, first.load);
    await otherInstance.get("business", OTHER_BUSINESS, "settings", 60_000, second.load);
    await otherInstance.get("catalog", BUSINESS, "q=stool", 60_000, kept.load);
    const sizeBefore = otherInstance.size;
    await transaction((tx) => announceChange(tx, "business", null));
    await vi.waitUntil(() => otherInstance.size <= sizeBefore - 2, { timeout: 5_000, interval: 10 });
    expect(await otherInstance.get("business", BUSINESS, "settings", 60_000, first.load)).toBe(2);
    expect(await otherInstance.get("business", OTHER_BUSINESS, "settings", 60_000, second.load)).toBe(2);
    expect(await otherInstance.get("catalog", BUSINESS, "q=stool", 60_000, kept.load)).toBe(1);
  });

  it("does not store a value that was loading while its scope changed", async () => {
    let release: () => void = () => undefined;
    const slowLoad = () => new Promise<string>((resolve) => (release = () => resolve("before the change")));
    const reading = getSharedCache().get("catalog", BUSINESS, "q=sofa", 60_000, slowLoad);
    await transaction((tx) => announceChange(tx, "catalog", BUSINESS));
    release();
    expect(await reading).toBe("before the change");
    expect(await getSharedCache().get("catalog", BUSINESS, "q=sofa", 60_000, async () => "after the change")).toBe("after the change");
  });

  it("expires an entry after its time to live", async () => {
    const loads = counter();
    await getSharedCache().get("catalog", BUSINESS, "q=rug", 20, loads.load);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await getSharedCache().get("catalog", BUSINESS, "q=rug", 20, loads.load)).toBe(2);
  });

  // Only a server connection can be lost; the embedded engine listens in-process.
  if (process.env.DATABASE_URL) it("forgets everything when its listening connection was lost, since notifications were missed", async () => {
    const loads = counter();
    await otherInstance.get("catalog", BUSINESS, "q=shelf", 60_000, loads.load);
    expect(otherInstance.size).toBeGreaterThan(0);
    await getDb().execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
    );
    // Emptied at once, and filled again once it listens again.
    await vi.waitUntil(() => otherInstance.size === 0, { timeout: 5_000, interval: 10 });
    await vi.waitUntil(
      async () => {
        await otherInstance.get("catalog", BUSINESS, "q=shelf", 60_000, loads.load);
        return otherInstance.size > 0;
      },
      { timeout: 5_000, interval: 20 },
    );
    const calls = loads.calls;
    await otherInstance.get("catalog", BUSINESS, "q=shelf", 60_000, loads.load);
    expect(loads.calls).toBe(calls);
  });
});
