import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { getDb, transaction, type Database } from "@/db/client";
import type { Role } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { openBusinessWallet } from "@/lib/credits/service";
import { getBusinessById, insertBusinessWithSlug, slugsLike } from "@/lib/business/queries";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { beginLoginAttempt } from "@/lib/rate-limit/login";
import type { RequestContext } from "@/lib/request-context";
import { claimInvite, getActiveUser, getLoginCandidate, getProfile, lockTokenHolder, markInviteUsedBy, touchLastLogin } from "@/lib/users/queries";
import { addMember } from "@/lib/users/service";
import { signAccessToken } from "./jwt";
import { changingMembers } from "./member-cache";
import { hashPassword, verifyPassword } from "./passwords";
import type { AuthenticatedUser } from "./require-user";
import { passwordStamp } from "./session-holder";
import {
  getPendingEmail,
  getRefreshTokenOwner,
  insertRefreshToken,
  isBrowserSessionEnded,
  lockRefreshToken,
  markSpent,
  purgeExpiredRefreshTokens,
  recordEndedBrowserSession,
  revokeRefreshTokens,
} from "./queries";
import type { LoginInput, RegisterInput } from "./schemas";
import { nextFreeSlug, slugify } from "./slug";
import { digest, newRefreshToken } from "./tokens";

/** Who a token pair or a browser session speaks for. */
export type SessionUser = { id: string; email: string; name: string; role: Role; businessId: string };

/** A signed-in user who must replace a temporary password before anything else (requireUser refuses the rest). */
export type AuthenticatedSessionUser = SessionUser & {
  mustChangePassword: boolean;
  /** When the password was last changed (epoch ms, 0: never): a browser session is valid for this password only. */
  passwordStamp: number;
};

export type PublicSessionUser = { id: string; email: string; name: string; role: Role; business: { id: string; name: string } };

export type TokenPair = { access: string; refresh: string; accessExpiresAt: Date };

// One answer for an unknown email, a wrong password and a deactivated account: nothing to enumerate.
const invalidCredentials = () => new AppError("unauthorized", "Invalid email or password.");
const invalidRefresh = () => new AppError("unauthorized", "The refresh token is invalid, expired or revoked. Sign in again.");

/** A fresh access token and a refresh token of `familyId` (a new family for a new sign-in). */
async function issueTokens(tx: Database, input: { user: SessionUser; familyId?: string; browserSessionId?: string }): Promise<TokenPair> {
  const { user, familyId = randomUUID(), browserSessionId } = input;
  const refresh = newRefreshToken();
  await purgeExpiredRefreshTokens(tx, user.id);
  await insertRefreshToken(tx, { userId: user.id, familyId, browserSessionId, tokenHash: digest(refresh), ttlSeconds: env().REFRESH_TOKEN_TTL_SECONDS });
  const access = await signAccessToken(user, { familyId });
  return { access: access.token, refresh, accessExpiresAt: access.expiresAt };
}

/**
 * A new token family for a user who proved the password of `passwordStamp` (a sign-in, a browser
 * session), opened under their row's lock: a password change, reset, deactivation or the browser
 * session's sign-out that landed since the proof refuses it, and one still being written waits and
 * then revokes it with the rest. Null when the account is inactive, its password changed or the
 * browser session `browserSessionId` (the family's minter) was signed out.
 */
async function openTokenFamily(
  tx: Database,
  input: { userId: string; passwordStamp: number; browserSessionId?: string },
): Promise<{ user: SessionUser; tokens: TokenPair } | null> {
  const holder = await lockTokenHolder(tx, { userId: input.userId });
  if (!holder || passwordStamp(holder.passwordChangedAt) !== input.passwordStamp) return null;
  // Read after the lock, in a statement of its own: a sign-out that held the lock has committed by now,
  // and the locking statement's snapshot, taken before it waited, would not see its record.
  if (input.browserSessionId && (await isBrowserSessionEnded(tx, { sessionId: input.browserSessionId }))) return null;
  const user: SessionUser = { id: holder.id, email: holder.email, name: holder.name, role: holder.role, businessId: holder.businessId };
  return { user, tokens: await issueTokens(tx, { user, browserSessionId: input.browserSessionId }) };
}

async function createBusinessWithUniqueSlug(tx: Database, name: string) {
  const base = slugify(name);
  const taken = new Set(await slugsLike(tx, { base }));
  // The unique index is the arbiter; a concurrent sign-up taking our pick just moves us on.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = nextFreeSlug(base, taken);
    const business = await insertBusinessWithSlug(tx, { name, slug });
    if (business) return { ...business, slug };
    taken.add(slug);
  }
  const slug = `${base}-${randomBytes(4).toString("hex")}`;
  const business = await insertBusinessWithSlug(tx, { name, slug });
  if (!business) throw new AppError("conflict", "Could not reserve a unique address for this business. Try again.");
  return { ...business, slug };
}

const badInvite = () =>
  new AppError("invalid_request", "The invite code is invalid, already used or expired.", {
    fields: { inviteCode: ["This invite code is invalid, already used or expired."] },
  });

/**
 * Anyone: creates a business and its first admin, or joins a business with an invite's role.
 * The user, business, invite claim, signup credits, audit entries and first refresh token land in
 * one transaction. Throws 409 `conflict` (email taken), 400 `invalid_request` (bad invite).
 */
export async function register(
  input: RegisterInput,
  ctx: RequestContext = {},
): Promise<{ user: PublicSessionUser; credits: number; tokens: TokenPair }> {
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    let business: { id: string; name: string; initialCredits: number };
    let role: Role;
    let inviteId: string | null = null;
    if (input.inviteCode !== undefined) {
      const invite = await claimInvite(tx, { codeHash: digest(input.inviteCode) });
      if (!invite) throw badInvite();
      // An invite addressed to someone is theirs alone; the answer does not say whose it is.
      if (invite.email && invite.email.toLowerCase() !== input.email.toLowerCase()) throw badInvite();
      const found = await getBusinessById(tx, { businessId: invite.businessId });
      if (!found) throw badInvite();
      business = found;
      role = invite.role;
      inviteId = invite.id;
    } else {
      business = await createBusinessWithUniqueSlug(tx, input.businessName!);
      role = "admin";
      await openBusinessWallet(tx, { businessId: business.id });
    }

    const user = await addMember(
      tx,
      {
        business,
        email: input.email,
        name: input.name,
        role,
        passwordHash,
        lastLoginAt: new Date(),
        addedBy: null,
        origin: { via: inviteId ? "invite" : "register", inviteId },
      },
      ctx,
    );
    if (inviteId) {
      await markInviteUsedBy(tx, { inviteId, userId: user.id });
    } else {
      await recordAudit(tx, {
        actor: { id: user.id, businessId: business.id },
        action: "business.create",
        entityType: "business",
        entityId: business.id,
        summary: { name: business.name },
        requestId: ctx.requestId,
      });
    }

    const tokens = await issueTokens(tx, { user: { id: user.id, email: user.email, name: user.name, role, businessId: business.id } });
    return {
      user: { id: user.id, email: user.email, name: user.name, role, business: { id: business.id, name: business.name } },
      credits: user.credits,
      tokens,
    };
  });
}

/**
 * Checks an email and password under the login limits (per address, per email+address, per-account
 * back-off: lib/rate-limit/login.ts); shared by the API login and the browser's credentials sign-in.
 * The hasher runs exactly once whether or not the email exists. Throws 401 `unauthorized` (always
 * the same body), 429 `rate_limited` with Retry-After, or 503 when the password hasher is saturated.
 */
export async function authenticate(input: LoginInput & { ip: string }): Promise<AuthenticatedSessionUser> {
  await enforceLimit("login", { clientAddress: input.ip });
  const attempt = await beginLoginAttempt({ email: input.email, ip: input.ip });
  const candidate = await getLoginCandidate(getDb(), { email: input.email });
  let ok: boolean;
  try {
    ok = await verifyPassword(candidate?.passwordHash ?? null, input.password);
  } catch (error) {
    // The password was never checked (the hasher is saturated): not a failure.
    await attempt.abandoned();
    throw error;
  }
  if (!ok || !candidate || !candidate.active) {
    await attempt.failed();
    throw invalidCredentials();
  }
  await attempt.succeeded();
  await touchLastLogin(getDb(), { userId: candidate.id });
  return {
    id: candidate.id,
    email: candidate.email,
    name: candidate.name,
    role: candidate.role,
    businessId: candidate.businessId,
    mustChangePassword: candidate.passwordChangeRequired,
    passwordStamp: passwordStamp(candidate.passwordChangedAt),
  };
}

/**
 * Anyone: email + password → a new token family. `mustChangePassword`: the password was a temporary
 * one, and every call but POST /api/auth/password answers 403 until it is changed. Throws 401 / 429
 * as `authenticate`.
 */
export async function login(
  input: LoginInput & { ip: string },
): Promise<{ user: PublicSessionUser; credits: number; tokens: TokenPair; mustChangePassword: boolean }> {
  const user = await authenticate(input);
  const { mustChangePassword } = user;
  return transaction(async (tx) => {
    // The password checked may have been replaced meanwhile (by its owner, taking the account back): it opens nothing then.
    const opened = await openTokenFamily(tx, { userId: user.id, passwordStamp: user.passwordStamp });
    const profile = opened && (await getProfile(tx, { userId: user.id }));
    if (!opened || !profile) throw invalidCredentials();
    return { user: publicUser(profile), credits: profile.credits, tokens: opened.tokens, mustChangePassword };
  });
}

function publicUser(profile: NonNullable<Awaited<ReturnType<typeof getProfile>>>): PublicSessionUser {
  return {
    id: profile.id,
    email: profile.email,
    name: profile.name,
    role: profile.role,
    business: { id: profile.businessId, name: profile.businessName },
  };
}

/**
 * Holder of a refresh token: spends it and returns a new pair of the same family. A spent token
 * presented again means it was copied: the whole family is revoked, including the token that
 * replaced it. A deactivated owner's family is revoked too. Throws 401 `unauthorized`.
 */
export async function rotateRefreshToken(refresh: string): Promise<TokenPair> {
  const outcome = await changingMembers(async (tx, changed) => {
    const row = await lockRefreshToken(tx, { tokenHash: digest(refresh) });
    if (!row || row.revoked || row.expired) return { kind: "invalid" as const };
    if (row.spent) {
      await changed((await revokeRefreshTokens(tx, { familyId: row.familyId })).businessIds);
      return { kind: "reused" as const, userId: row.userId, familyId: row.familyId };
    }
    const user = await getActiveUser(tx, { userId: row.userId });
    if (!user) {
      await changed((await revokeRefreshTokens(tx, { familyId: row.familyId })).businessIds);
      return { kind: "invalid" as const };
    }
    await markSpent(tx, row.id);
    return { kind: "ok" as const, tokens: await issueTokens(tx, { user, familyId: row.familyId }) };
  });
  if (outcome.kind === "reused") {
    logger().warn({ userId: outcome.userId, familyId: outcome.familyId }, "spent refresh token reused; family revoked");
  }
  if (outcome.kind !== "ok") throw invalidRefresh();
  return outcome.tokens;
}

/**
 * Signed in (or holding the refresh token): revokes the refresh token's whole family. Another
 * user's token is left alone; an unknown token with no bearer is 401 `unauthorized`.
 */
export async function logout(input: { refresh: string; actor: AuthenticatedUser | null }): Promise<void> {
  await changingMembers(async (tx, changed) => {
    const owner = await getRefreshTokenOwner(tx, { tokenHash: digest(input.refresh) });
    if (!owner) {
      if (!input.actor) throw invalidRefresh();
      return;
    }
    if (input.actor && owner.userId !== input.actor.id) return;
    // The family's access tokens are refused from now on (requireUser reads the family's state).
    await changed((await revokeRefreshTokens(tx, { familyId: owner.familyId })).businessIds);
  });
}

/**
 * A browser session signed out (next-auth's sign-out, `sessionId` its cookie's `sid`): the cookie, and
 * any copy of it, is refused from now until it would have expired, and every token family minted from
 * it (other tabs of the same browser) is revoked. Under the account's lock, so a token being minted
 * from the cookie at the same moment is either refused or revoked with the rest.
 */
export async function endBrowserSession(input: { userId: string; sessionId: string; expiresAt: Date }): Promise<void> {
  if (!isUuid(input.userId) || !isUuid(input.sessionId)) return;
  await changingMembers(async (tx, changed) => {
    // An inactive account's cookies and tokens are refused already, and a reactivation voids them.
    if (!(await lockTokenHolder(tx, { userId: input.userId, mode: "no key update" }))) return;
    await recordEndedBrowserSession(tx, input);
    await changed((await revokeRefreshTokens(tx, { userId: input.userId, browserSessionId: input.sessionId })).businessIds);
  });
}

/** Signed in: the caller's profile and credit balance. Throws 401 if the account vanished meanwhile. */
export async function getMe(
  actor: AuthenticatedUser,
): Promise<{ user: PublicSessionUser & { pendingEmail: string | null }; credits: number; mustChangePassword: boolean }> {
  const profile = await getProfile(getDb(), { userId: actor.id });
  if (!profile) throw new AppError("unauthorized", "The account is not active.");
  const pendingEmail = await getPendingEmail(getDb(), { userId: actor.id });
  return { user: { ...publicUser(profile), pendingEmail }, credits: profile.credits, mustChangePassword: profile.passwordChangeRequired };
}

export type MintedToken = {
  ok: true;
  token: string;
  refresh: string;
  user_id: string;
  username: string;
  user_role: Role;
  expires_at: string;
};

/**
 * Browser session holder: API tokens for the user behind a next-auth session cookie, whose session
 * was found valid for the password of `passwordStamp`; re-checked under the account's lock (still
 * active, still that password). Throws 401 `unauthorized`.
 */
export async function mintTokenForSession(input: { userId: string; passwordStamp: number; browserSessionId?: string }): Promise<MintedToken> {
  return transaction(async (tx) => {
    const opened = await openTokenFamily(tx, input);
    if (!opened) throw new AppError("unauthorized", "The session ended: it was signed out, the account is not active or its password changed. Sign in again.");
    const { user, tokens } = opened;
    return {
      ok: true,
      token: tokens.access,
      refresh: tokens.refresh,
      user_id: user.id,
      username: user.name,
      user_role: user.role,
      expires_at: tokens.accessExpiresAt.toISOString(),
    };
  });
}
