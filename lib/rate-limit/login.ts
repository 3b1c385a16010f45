import "server-only";
import { getDb } from "@/db/client";
import { digest } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { consume, release } from "./limiter";
import { rateLimited } from "./limits";
import { clearLoginBackoff, getLoginBackoff, purgeStaleLoginBackoffs, recordLoginFailure } from "./queries";

const BUCKET = "login";
const TOO_MANY = "Too many failed sign-in attempts. Try again later.";

// Hashed so neither table holds email addresses; lower() because emails match case-insensitively.
function normalizedEmail(email: string): string {
  return email.trim().toLowerCase();
}

function windowKey(input: { email: string; ip: string }): string {
  return digest(`${normalizedEmail(input.email)}\n${input.ip}`);
}

// The same for an unknown email as for a real account, so back-off says nothing about existence.
function accountKey(email: string): string {
  return digest(`account\n${normalizedEmail(email)}`);
}

export type LoginAttempt = {
  /** The password was right: this attempt is given back and the account's failures are forgotten. */
  succeeded: () => Promise<void>;
  /** The password was wrong (or the account unknown or inactive): counts toward the account's back-off. */
  failed: () => Promise<void>;
  /** The password was never checked: the attempt is given back and nothing is counted. */
  abandoned: () => Promise<void>;
};

/**
 * Two limits on guessing, checked before the password is (so parallel guesses cannot race past them):
 * - per email+address: LOGIN_MAX_FAILURES failures per LOGIN_FAILURE_WINDOW_SECONDS, then 429;
 * - per account, whatever the address: from the LOGIN_MAX_FAILURES-th failure the account backs off
 *   exponentially (1 s, 2 s, 4 s… up to LOGIN_BACKOFF_MAX_SECONDS). While it is blocked, an address
 *   that has already failed on this account in the window is refused with 429 (not counted, not
 *   extending the block). An address with no failure on it still gets its attempt checked, so a
 *   stranger's failures cannot lock the owner out: the owner's correct password from their own
 *   address works at once, and every address an attacker spends buys one guess per window.
 * Throws 429 `rate_limited` with Retry-After.
 */
export async function beginLoginAttempt(input: { email: string; ip: string }): Promise<LoginAttempt> {
  const settings = env();
  const window = { bucket: BUCKET, key: windowKey(input), limit: settings.LOGIN_MAX_FAILURES, windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS };
  const reserved = await consume(window);
  if (!reserved.allowed) throw rateLimited(reserved.retryAfterSeconds, TOO_MANY);

  const account = accountKey(input.email);
  // Other reservations in the window are failures, or attempts still in flight: either way not clean.
  const addressHasFailed = reserved.count > 1;
  const { blockedSeconds } = await getLoginBackoff(getDb(), { accountKey: account });
  if (blockedSeconds > 0 && addressHasFailed) {
    await release(window);
    throw rateLimited(blockedSeconds, TOO_MANY);
  }

  return {
    succeeded: async () => {
      await release(window);
      await clearLoginBackoff(getDb(), { accountKey: account });
    },
    failed: async () => {
      const { failures } = await recordLoginFailure(getDb(), {
        accountKey: account,
        threshold: settings.LOGIN_MAX_FAILURES,
        maxSeconds: settings.LOGIN_BACKOFF_MAX_SECONDS,
        windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
      });
      // Runs when an account's count starts (not on every failure), keeping the table small without a scheduler.
      if (failures === 1) await purgeStaleLoginBackoffs(getDb(), { windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS });
    },
    abandoned: () => release(window),
  };
}
