import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rateLimits } from "@/db/schema";

type WindowKey = { bucket: string; key: string };

/**
 * Counts one attempt in a fixed window with a single atomic upsert, so concurrent requests on
 * any number of app instances each get a distinct count. An expired window restarts at 1 inside
 * the same statement. Returns the count, this attempt included, and the seconds the window has left.
 */
export async function countAttempt(db: Database, input: WindowKey & { windowSeconds: number }): Promise<{ count: number; secondsLeft: number }> {
  const expired = sql`${rateLimits.expiresAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({
      bucket: input.bucket,
      key: input.key,
      count: 1,
      windowStartedAt: sql`now()`,
      expiresAt: sql`now() + ${input.windowSeconds} * interval '1 second'`,
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
  return { count: row!.count, secondsLeft: Number(row!.secondsLeft) };
}

/** Takes one attempt off the current (unexpired) window. */
export async function uncountAttempt(db: Database, input: WindowKey): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, input.bucket), eq(rateLimits.key, input.key), sql`${rateLimits.expiresAt} > now()`));
}

/** Drops windows that ended over an hour ago. */
export async function purgeExpiredWindows(db: Database): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.expiresAt} < now() - interval '1 hour'`);
}
