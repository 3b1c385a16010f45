import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { getTokenHolder } from "@/lib/users/queries";
import { verifyAccessToken } from "./jwt";
import type { Actor } from "./permissions";

export type AuthenticatedUser = Actor & { email: string; name: string };

/** Whether a token issued at `issuedAt` (epoch seconds) predates the user's revocation time. */
export function issuedBefore(issuedAt: number, revokedBefore: Date | null): boolean {
  // Rounded: iat is milliseconds divided by 1000, which floating point may leave a hair below.
  return revokedBefore !== null && Math.round(issuedAt * 1000) < revokedBefore.getTime();
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * The caller behind `Authorization: Bearer <access JWT>`, as loaded from the database now
 * (role and business come from the row, not the token). Throws 401 `unauthorized`.
 */
export async function requireUser(request: Request): Promise<AuthenticatedUser> {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthorized", "Sign in: an Authorization: Bearer token is required.");
  const claims = await verifyAccessToken(token);
  // One primary-key lookup per request: a deactivated or deleted user is locked out at once, and a
  // signed-out (revoked) family or a token older than the user's last (de)activation is refused.
  const user = await getTokenHolder(getDb(), { userId: claims.sub, familyId: claims.fid });
  if (!user) throw new AppError("unauthorized", "The account is not active.");
  if (user.familyRevoked) throw new AppError("unauthorized", "This session was signed out. Sign in again.");
  if (issuedBefore(claims.iat, user.tokensRevokedBefore)) {
    throw new AppError("unauthorized", "The access token was revoked. Sign in again.");
  }
  return { id: user.id, role: user.role, businessId: user.businessId, email: user.email, name: user.name };
}

/** Like requireUser, but anonymous callers get null; a present but bad token is still 401. */
export async function optionalUser(request: Request): Promise<AuthenticatedUser | null> {
  if (!request.headers.get("authorization")) return null;
  return requireUser(request);
}
