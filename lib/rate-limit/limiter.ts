import "server-only";
import { getDb } from "@/db/client";
import { countAttempts, purgeExpiredWindows, uncountAttempt } from "./queries";

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
  const counted = await countAttempts(getDb(), windows);
  // Runs when a window starts (not on every hit), keeping the table small without a scheduler.
  if (counted.some(({ count }) => count === 1)) await purgeExpiredWindows(getDb());
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
