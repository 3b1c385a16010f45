import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { consume, release } from "./limiter";

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
