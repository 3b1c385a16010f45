import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";

export type Window = { bucket: string; key: string; limit: number; windowSeconds: number };

export type Consumed = {
  /** Attempts counted in the current window, this one included. */
  count: number;
  allowed: boolean;
  /** Whole seconds until the window resets (≥ 1), for `Retry-After`. */
  retryAfterSeconds: number;
};

/**
 * Counts one attempt in a fixed window with a single atomic upsert, so concurrent requests on
 * any number of app instances can never slip past the limit: each gets a distinct count.
 * An expired window restarts at 1 inside the same statement.
 */
export async function consume(window: Window): Promise<Consumed> {
  const expired = sql`${rateLimits.expiresAt} <= now()`;
  const [row] = await getDb()
    .insert(rateLimits)
    .values({
      bucket: window.bucket,
      key: window.key,
      count: 1,
      windowStartedAt: sql`now()`,
      expiresAt: sql`now() + ${window.windowSeconds} * interval '1 second'`,
    })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${rateLimits.windowStartedAt} end`,
        expiresAt: sql`case when ${expired} then excluded.expires_at else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({
      count: rateLimits.count,
      secondsLeft: sql<string>`ceil(extract(epoch from (${rateLimits.expiresAt} - now())))`,
    });
  const count = row!.count;
  if (count === 1) await purgeExpired();
  // now() is the statement's transaction start, which for a writer that waited on a conflicting row
  // can precede the window's start by a moment; clamp to the window length.
  const retryAfterSeconds = Math.min(window.windowSeconds, Math.max(1, Number(row!.secondsLeft)));
  return { count, allowed: count <= window.limit, retryAfterSeconds };
}

/** Gives back one attempt of the current window (e.g. the attempt turned out to be a success). */
export async function release(window: Pick<Window, "bucket" | "key">): Promise<void> {
  await getDb()
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, window.bucket), eq(rateLimits.key, window.key), sql`${rateLimits.expiresAt} > now()`));
}

// Runs when a window starts (not on every hit), keeping the table small without a scheduler.
async function purgeExpired(): Promise<void> {
  await getDb().delete(rateLimits).where(sql`${rateLimits.expiresAt} < now() - interval '1 hour'`);
}
