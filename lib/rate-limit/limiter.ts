import "server-only";
import { getDb } from "@/db/client";
import { countAttempt, purgeExpiredWindows, uncountAttempt } from "./queries";

export type Window = { bucket: string; key: string; limit: number; windowSeconds: number };

export type Consumed = {
  /** Attempts counted in the current window, this one included. */
  count: number;
  allowed: boolean;
  /** Whole seconds until the window resets (≥ 1), for `Retry-After`. */
  retryAfterSeconds: number;
};

/**
 * Counts one attempt in a fixed window; the count is atomic (see countAttempt), so concurrent
 * requests can never slip past the limit.
 */
export async function consume(window: Window): Promise<Consumed> {
  const { count, secondsLeft } = await countAttempt(getDb(), window);
  // Runs when a window starts (not on every hit), keeping the table small without a scheduler.
  if (count === 1) await purgeExpiredWindows(getDb());
  // now() is the statement's transaction start, which for a writer that waited on a conflicting row
  // can precede the window's start by a moment; clamp to the window length.
  const retryAfterSeconds = Math.min(window.windowSeconds, Math.max(1, secondsLeft));
  return { count, allowed: count <= window.limit, retryAfterSeconds };
}

/** Gives back one attempt of the current window (e.g. the attempt turned out to be a success). */
export async function release(window: Pick<Window, "bucket" | "key">): Promise<void> {
  await uncountAttempt(getDb(), window);
}
