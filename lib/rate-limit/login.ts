import "server-only";
import { digest } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { consume, release } from "./limiter";

/** docs/architecture.md §4: failed logins are limited to 10 per email+IP per 15 minutes. */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
const BUCKET = "login";

// Hashed so the table holds no email addresses; lower() because emails match case-insensitively.
function keyFor(input: { email: string; ip: string }): string {
  return digest(`${input.email.trim().toLowerCase()}\n${input.ip}`);
}

export type LoginAttempt = { succeeded: () => Promise<void> };

/**
 * Reserves an attempt before the password is checked (so parallel guesses cannot race past the
 * limit) and throws 429 `rate_limited` with Retry-After once the window holds 10 failures.
 * Call `succeeded()` after a correct password: the reservation is given back, so only failures
 * count — and only for this email+IP, never another address's counter.
 */
export async function beginLoginAttempt(input: { email: string; ip: string }): Promise<LoginAttempt> {
  const key = keyFor(input);
  const result = await consume({ bucket: BUCKET, key, limit: LOGIN_MAX_FAILURES, windowSeconds: LOGIN_WINDOW_SECONDS });
  if (!result.allowed) {
    throw new AppError("rate_limited", "Too many failed sign-in attempts. Try again later.", {
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  return { succeeded: () => release({ bucket: BUCKET, key }) };
}
