import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { consume, consumeEach, release } from "./limiter";

describe("consume", () => {
  it("counts concurrent attempts atomically: exactly `limit` are allowed, every count distinct", async () => {
    const window = { bucket: "test", key: randomUUID(), limit: 10, windowSeconds: 900 };
    const results = await Promise.all(Array.from({ length: 25 }, () => consume(window)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    for (const result of results) {
      expect(result.retryAfterSeconds).toBeGreaterThan(0);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
  });

  it("keeps keys and buckets apart", async () => {
    const key = randomUUID();
    await consume({ bucket: "a", key, limit: 1, windowSeconds: 60 });
    expect((await consume({ bucket: "b", key, limit: 1, windowSeconds: 60 })).allowed).toBe(true);
    expect((await consume({ bucket: "a", key: randomUUID(), limit: 1, windowSeconds: 60 })).allowed).toBe(true);
    expect((await consume({ bucket: "a", key, limit: 1, windowSeconds: 60 })).allowed).toBe(false);
  });

  it("restarts an expired window at 1, and release gives an attempt back", async () => {
    const window = { bucket: "test", key: randomUUID(), limit: 2, windowSeconds: 60 };
    await consume(window);
    await consume(window);
    expect((await consume(window)).allowed).toBe(false);
    await getDb()
      .update(rateLimits)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(rateLimits.bucket, window.bucket), eq(rateLimits.key, window.key)));
    const restarted = await consume(window);
    expect(restarted).toMatchObject({ count: 1, allowed: true });
    await release(window);
    expect((await consume(window)).count).toBe(1);
  });
});

describe("consumeEach", () => {
  it("counts every window in one go, each with its own limit and length, in the order given, atomically under concurrency", async () => {
    const address = { bucket: "test:address", key: randomUUID(), limit: 30, windowSeconds: 60 };
    const account = { bucket: "test:account", key: randomUUID(), limit: 5, windowSeconds: 3600 };
    const results = await Promise.all(Array.from({ length: 12 }, () => consumeEach([address, account])));
    const [byAddress, byAccount] = [results.map((pair) => pair[0]!), results.map((pair) => pair[1]!)];
    expect(byAddress.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(byAccount.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(byAddress.every((result) => result.allowed && result.retryAfterSeconds <= 60)).toBe(true);
    expect(byAccount.filter((result) => result.allowed)).toHaveLength(5);
    expect(byAccount.every((result) => result.retryAfterSeconds > 60 && result.retryAfterSeconds <= 3600)).toBe(true);
    // The same windows one at a time carry on from the counts above.
    expect((await consume(account)).count).toBe(13);
    expect(await consumeEach([])).toEqual([]);
  });
});
