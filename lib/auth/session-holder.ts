import "server-only";
import type { JWT } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { getTokenHolder } from "@/lib/users/queries";
import { issuedBefore } from "./require-user";

/** A password's version as a browser session records it: when it was last changed (epoch ms), 0 for never. */
export function passwordStamp(changedAt: Date | string | null): number {
  return changedAt ? new Date(changedAt).getTime() : 0;
}

/**
 * The account behind a browser session's claims as it is now, or null when the session ended: it was
 * signed out (a copy of the cookie outlives the browser's own), the account is gone or inactive, its
 * tokens were revoked after the cookie was issued (a deactivation or a reactivation), or its password
 * changed since the session signed in. The one test of a session
 * cookie, for next-auth's every session read (lib/auth/session.ts) and the proxy's sign-in pages.
 */
export async function sessionHolder(token: JWT) {
  const browserSessionId = typeof token.sid === "string" ? token.sid : undefined;
  const current = token.sub ? await getTokenHolder(getDb(), { userId: token.sub, browserSessionId }) : null;
  if (!current || current.sessionEnded) return null;
  // next-auth stamps whole seconds: a cookie (re)issued within the second of a revocation gets the benefit of the doubt.
  if (typeof token.iat === "number" && issuedBefore(token.iat + 1, current.tokensRevokedBefore)) return null;
  // A password change or reset signs out every browser signed in with the password before it (the one
  // that made the change signs in again with the new one). The cookie names the password it was signed
  // in with, so no rewrite of it, however timed, outlives a change.
  const stale =
    typeof token.pwd === "number"
      ? token.pwd !== passwordStamp(current.passwordChangedAt)
      : typeof token.iat === "number" && issuedBefore(token.iat + 1, current.passwordChangedAt);
  return stale ? null : current;
}
