import "server-only";
import { getDb, type Database } from "@/db/client";
import { countAttempts, purgeExpiredWindows, uncountAttempt, uncountAttemptMadeAt, type ExactTime } from "./queries";

export type Window = { bucket: string; key: string; limit: number; windowSeconds: number };

export type Consumed = {
  /** Attempts counted in the current window, this one included. */
  count: number;
  allowed: boolean;
  /** Whole seconds until the window resets (≥ 1), for `Retry-After`. */
  retryAfterSeconds: number;
};

/**
 * Counts one attempt in a fixed window; the count is atomic (see countAttempts), so concurrent
 * requests can never slip past the limit.
 */
export async function consume(window: Window): Promise<Consumed> {
  const [consumed] = await consumeEach([window]);
  return consumed!;
}

/** Counts one attempt in each of several distinct windows, in one statement; results in the order given. */
export async function consumeEach(windows: Window[]): Promise<Consumed[]> {
  const counted = await countIn(getDb(), windows);
  // Runs when a window starts (not on every hit), keeping the table small without a scheduler.
  if (counted.some(({ count }) => count === 1)) await purgeExpiredWindows(getDb());
  return counted;
}

/**
 * Counts one attempt inside the caller's transaction, so the count commits or rolls back with the
 * work it counts, and that work can be given back later with releaseMadeAt. The window's row stays
 * locked until the transaction ends. (No purge here: it would lock other keys' rows in that transaction.)
 */
export async function consumeWithin(tx: Database, window: Window): Promise<Consumed> {
  const [consumed] = await countIn(tx, [window]);
  return consumed!;
}

async function countIn(db: Database, windows: Window[]): Promise<Consumed[]> {
  const counted = await countAttempts(db, windows);
  return windows.map((window, index) => {
    const { count, secondsLeft } = counted[index]!;
    // now() is the statement's transaction start, which for a writer that waited on a conflicting row
    // can precede the window's start by a moment; clamp to the window length.
    const retryAfterSeconds = Math.min(window.windowSeconds, Math.max(1, secondsLeft));
    return { count, allowed: count <= window.limit, retryAfterSeconds };
  });
}

/** Gives back one attempt of the current window (e.g. the attempt turned out to be a success). */
export async function release(window: Pick<Window, "bucket" | "key">): Promise<void> {
  await uncountAttempt(getDb(), window);
}

/**
 * Gives back, inside `tx`, an attempt counted by consumeWithin; `madeAt` is when its transaction wrote
 * something after counting it (a row's creation time, say). Only while the window that counted it is
 * still the key's: a window started since keeps its count.
 */
export async function releaseMadeAt(tx: Database, input: Pick<Window, "bucket" | "key"> & { madeAt: ExactTime }): Promise<void> {
  await uncountAttemptMadeAt(tx, input);
}
