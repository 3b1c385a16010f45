import { getDb } from "@/db/client";
import { getSharedCache, type SharedCache } from "@/lib/cache/shared";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getTokenHolder } from "@/lib/users/queries";
import { verifyAccessToken, type AccessClaims } from "./jwt";
import type { Actor } from "./permissions";

/** `familyId`: the refresh family of the caller's access token (absent for tokens that have none). */
export type AuthenticatedUser = Actor & { email: string; name: string; familyId?: string };

export type RequireUserOptions = {
  /**
   * Served to a user who must still replace a temporary password: the password change itself, reading
   * their profile (GET /api/auth/me) and signing out. Every other call answers 403 `password_change_required`.
   */
  allowPendingPasswordChange?: boolean;
};

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

type TokenHolder = Awaited<ReturnType<typeof getTokenHolder>>;

// A bound on staleness should a change notification ever be lost; every change that can lock a
// member out (role, active flag, revocation time, a revoked refresh family) announces itself.
const TOKEN_HOLDER_TTL_MS = 30_000;

/**
 * The token's holder as `getTokenHolder` reads it, through the "members" cache of the token's
 * business: every transaction that deactivates, demotes or revokes announces a change to that scope,
 * which this process forgets at once and every other instance when the notification arrives.
 */
export async function tokenHolderOf(claims: Pick<AccessClaims, "sub" | "fid" | "business_id">, cache: SharedCache = getSharedCache()): Promise<TokenHolder> {
  const load = () => getTokenHolder(getDb(), { userId: claims.sub, familyId: claims.fid });
  const businessId = claims.business_id;
  if (typeof businessId !== "string" || !isUuid(businessId)) return load();
  const holder = await cache.get("members", businessId, `${claims.sub}|${claims.fid}`, TOKEN_HOLDER_TTL_MS, load);
  // Changes are announced under the business of the row; a token naming another one is read afresh.
  return holder && holder.businessId !== businessId ? load() : holder;
}

/**
 * The caller behind `Authorization: Bearer <access JWT>`, as the database has it now (role and
 * business come from the row, not the token). Throws 401 `unauthorized`.
 */
export async function requireUser(request: Request, options: RequireUserOptions = {}): Promise<AuthenticatedUser> {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthorized", "Sign in: an Authorization: Bearer token is required.");
  const claims = await verifyAccessToken(token);
  // A deactivated or deleted user is locked out on their next request, and a signed-out (revoked)
  // family or a token older than the user's last (de)activation is refused.
  const user = await tokenHolderOf(claims);
  if (!user) throw new AppError("unauthorized", "The account is not active.");
  if (user.familyRevoked) throw new AppError("unauthorized", "This session was signed out. Sign in again.");
  if (issuedBefore(claims.iat, user.tokensRevokedBefore)) {
    throw new AppError("unauthorized", "The access token was revoked. Sign in again.");
  }
  if (user.passwordChangeRequired && !options.allowPendingPasswordChange) {
    throw new AppError("password_change_required", "Change your temporary password first: POST /api/auth/password.");
  }
  const familyId = typeof claims.fid === "string" ? claims.fid : undefined;
  return { id: user.id, role: user.role, businessId: user.businessId, email: user.email, name: user.name, familyId };
}

/** Like requireUser, but anonymous callers get null; a present but bad token is still 401. */
export async function optionalUser(request: Request, options: RequireUserOptions = {}): Promise<AuthenticatedUser | null> {
  if (!request.headers.get("authorization")) return null;
  return requireUser(request, options);
}
