import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginBackoffs, rateLimits } from "@/db/schema";

type WindowKey = { bucket: string; key: string };

/**
 * A timestamptz to the microsecond, as text (`2026-01-02T03:04:05.123456Z`): a Date keeps milliseconds,
 * too coarse to tell an attempt from the window that began in the same millisecond.
 */
export type ExactTime = string;

/**
 * Counts one attempt in each of several fixed windows with a single atomic upsert, so concurrent
 * requests on any number of app instances each get a distinct count in every window. An expired window
 * restarts at 1 inside the same statement. Returns, in the order given, each window's count (this
 * attempt included) and the seconds it has left. The windows must be distinct (bucket, key) pairs.
 * A window starts at the clock's time once its row is ours (not at the statement's transaction start),
 * so it starts after every write of a transaction that counted in the window before it: what
 * uncountAttemptMadeAt relies on to find the window that counted an attempt.
 */
export async function countAttempts(
  db: Database,
  windows: (WindowKey & { windowSeconds: number })[],
): Promise<{ count: number; secondsLeft: number }[]> {
  if (windows.length === 0) return [];
  const expired = sql`${rateLimits.expiresAt} <= now()`;
  const rows = await db
    .insert(rateLimits)
    .values(
      windows.map((window) => ({
        bucket: window.bucket,
        key: window.key,
        count: 1,
        windowStartedAt: sql`clock_timestamp()`,
        expiresAt: sql`clock_timestamp() + ${window.windowSeconds} * interval '1 second'`,
      })),
    )
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${expired} then clock_timestamp() else ${rateLimits.windowStartedAt} end`,
        expiresAt: sql`case when ${expired} then clock_timestamp() + (excluded.expires_at - excluded.window_started_at) else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({
      bucket: rateLimits.bucket,
      key: rateLimits.key,
      count: rateLimits.count,
      secondsLeft: sql<string>`ceil(extract(epoch from (${rateLimits.expiresAt} - now())))`,
    });
  const byWindow = new Map(rows.map((row) => [`${row.bucket}\n${row.key}`, row]));
  return windows.map((window) => {
    const row = byWindow.get(`${window.bucket}\n${window.key}`)!;
    return { count: row.count, secondsLeft: Number(row.secondsLeft) };
  });
}

/** Takes one attempt off the current (unexpired) window. */
export async function uncountAttempt(db: Database, input: WindowKey): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, input.bucket), eq(rateLimits.key, input.key), sql`${rateLimits.expiresAt} > now()`));
}

/**
 * Takes back one attempt made (inside the transaction that counted it) no earlier than `madeAt`, when
 * the window that counted it is still the key's: a window that started since started after `madeAt`
 * (see countAttempts) and keeps its count.
 */
export async function uncountAttemptMadeAt(db: Database, input: WindowKey & { madeAt: ExactTime }): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, input.bucket), eq(rateLimits.key, input.key), sql`${rateLimits.windowStartedAt} <= ${input.madeAt}::timestamptz`));
}

/** Drops windows that ended over an hour ago. */
export async function purgeExpiredWindows(db: Database): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.expiresAt} < now() - interval '1 hour'`);
}

/** Whole seconds an account's sign-in back-off still runs (0 when it is not blocked). */
export async function getLoginBackoff(db: Database, input: { accountKey: string }): Promise<{ blockedSeconds: number }> {
  const [row] = await db
    .select({ blockedSeconds: sql<string>`greatest(0, ceil(extract(epoch from (${loginBackoffs.blockedUntil} - now()))))` })
    .from(loginBackoffs)
    .where(eq(loginBackoffs.accountKey, input.accountKey))
    .limit(1);
  return { blockedSeconds: Number(row?.blockedSeconds ?? 0) };
}

/**
 * Counts one failed sign-in for an account in one atomic upsert (concurrent failures each count).
 * From the `threshold`th failure on, the account is blocked for 2^(failures − threshold) seconds,
 * capped at `maxSeconds`; a count idle for `windowSeconds` starts again at 1.
 */
export async function recordLoginFailure(
  db: Database,
  input: { accountKey: string; threshold: number; maxSeconds: number; windowSeconds: number },
): Promise<{ failures: number }> {
  const stale = sql`${loginBackoffs.lastFailureAt} < now() - ${input.windowSeconds} * interval '1 second'`;
  const failures = sql`case when ${stale} then 1 else ${loginBackoffs.failures} + 1 end`;
  const blockedUntil = (count: SQL) =>
    // The exponent is capped so a long siege cannot overflow power().
    sql`case when ${count} >= ${input.threshold}
      then now() + least(${input.maxSeconds}, power(2, least(${count} - ${input.threshold}, 30))) * interval '1 second'
      else null end`;
  const [row] = await db
    .insert(loginBackoffs)
    .values({ accountKey: input.accountKey, failures: 1, blockedUntil: blockedUntil(sql`1`), lastFailureAt: sql`now()` })
    .onConflictDoUpdate({
      target: loginBackoffs.accountKey,
      set: { failures, blockedUntil: blockedUntil(failures), lastFailureAt: sql`now()` },
    })
    .returning({ failures: loginBackoffs.failures });
  return { failures: row!.failures };
}

/** A successful sign-in forgets the account's failures. */
export async function clearLoginBackoff(db: Database, input: { accountKey: string }): Promise<void> {
  await db.delete(loginBackoffs).where(eq(loginBackoffs.accountKey, input.accountKey));
}

/** Drops back-offs that are over and whose failures are forgotten. */
export async function purgeStaleLoginBackoffs(db: Database, input: { windowSeconds: number }): Promise<void> {
  await db
    .delete(loginBackoffs)
    .where(
      sql`${loginBackoffs.lastFailureAt} < now() - ${input.windowSeconds} * interval '1 second'
        and (${loginBackoffs.blockedUntil} is null or ${loginBackoffs.blockedUntil} < now())`,
    );
}
