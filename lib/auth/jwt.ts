import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { Role } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export type AccessClaims = {
  sub: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  business_id: string;
  type: "access";
  /** The refresh-token family this token was issued with: revoking the family (logout) stops it too. */
  fid: string;
  /** Seconds, with milliseconds: compared with users.tokens_revoked_before. */
  iat: number;
  exp: number;
  jti: string;
};

const ISSUER = "product-assistant";
const AUDIENCE = "product-assistant-api";

// Imported once per secret: jose imports a raw byte key anew on every sign and verify, which cost
// about as much as the HMAC itself on every authenticated request.
type SigningKey = { secret: string; lifetime: number; key: Promise<CryptoKey>; verified: Map<string, AccessClaims> };
let signingKey: SigningKey | undefined;

function currentKey(): SigningKey {
  const { JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: lifetime } = env();
  if (signingKey?.secret !== secret || signingKey.lifetime !== lifetime) {
    const raw = new TextEncoder().encode(secret);
    const key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    signingKey = { secret, lifetime, key, verified: new Map() };
  }
  return signingKey;
}

function key(): Promise<CryptoKey> {
  return currentKey().key;
}

// A token is presented on every request of its lifetime and verifies the same way each time until it
// expires, so the claims of recently verified ones are kept (by the whole token, signature included,
// under the secret and lifetime that verified it) and a hit only checks the expiry again. Revocation is not a
// property of the token: requireUser checks it on every request, cached or not.
const VERIFIED_TOKENS_KEPT = 10_000;

function rememberVerified(verified: Map<string, AccessClaims>, token: string, claims: AccessClaims): void {
  if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
  verified.set(token, claims);
}

/**
 * A signed access token for `user`, of the refresh-token family `familyId` (a sign-in's family, or a
 * family of its own when no refresh token goes with it).
 */
export async function signAccessToken(
  user: { id: string; email: string; name: string; role: Role; businessId: string },
  options: { familyId?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const ttl = env().ACCESS_TOKEN_TTL_SECONDS;
  // iat keeps milliseconds so a token issued just after a revocation (e.g. a reactivation) is told
  // apart from one issued just before it; exp stays whole seconds, within the lifetime.
  const issuedAt = Date.now() / 1000;
  const now = Math.floor(issuedAt);
  const token = await new SignJWT({
    user_id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    business_id: user.businessId,
    type: "access",
    fid: options.familyId ?? randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(await key());
  return { token, expiresAt: new Date((now + ttl) * 1000) };
}

/** Verifies an access token: HS256 only, our issuer and audience, `type: "access"`. Throws 401 otherwise. */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const signing = currentKey();
  const known = signing.verified.get(token);
  if (known && known.exp > Date.now() / 1000) return known;
  signing.verified.delete(token);
  try {
    const { payload } = await jwtVerify(token, await signing.key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    if (payload.type !== "access" || typeof payload.sub !== "string") {
      throw new AppError("unauthorized", "The token is not an access token.");
    }
    // Only a user id is a subject; anything else (signed by a leaked key or an old format) never reaches a query.
    if (!isUuid(payload.sub)) throw new AppError("unauthorized", "The access token is invalid.");
    assertSessionClaims(payload);
    const claims = Object.freeze(payload) as unknown as AccessClaims;
    rememberVerified(signing.verified, token, claims);
    return claims;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError("unauthorized", expired ? "The access token has expired." : "The access token is invalid.");
  }
}

/**
 * What every access token of ours carries: its family, and a lifetime no longer than the configured
 * one (a token minted with a far `exp`, e.g. by a leaked key's holder or an old build, is refused).
 */
function assertSessionClaims(payload: JWTPayload): void {
  if (typeof payload.fid !== "string" || !isUuid(payload.fid)) {
    throw new AppError("unauthorized", "The access token is invalid.");
  }
  if (payload.exp! - payload.iat! > env().ACCESS_TOKEN_TTL_SECONDS) {
    throw new AppError("unauthorized", "The access token outlives the allowed lifetime.");
  }
}

// ---- widget visitor tokens ------------------------------------------------------------------

const VISITOR_AUDIENCE = "product-assistant-widget";

/** What a widget visitor token names: the business, the publishable key it was minted with, the end user. */
export type VisitorClaims = {
  sub: string;
  business_id: string;
  key_id: string;
  type: "visitor";
  /** A verified end user's: which identity secret verified them (lib/end-users/service.ts `identityVersionOf`). */
  idv?: string;
  iat: number;
  exp: number;
  jti: string;
};

/**
 * A short-lived token for the widget's iframe. Its own type and audience: no member endpoint accepts
 * it (verifyAccessToken refuses both), and it is only as good as its key, which is checked on every use.
 */
export async function signVisitorToken(input: {
  endUserId: string;
  businessId: string;
  apiKeyId: string;
  identityVersion?: string;
}): Promise<{ token: string; expiresAt: Date }> {
  const ttl = env().VISITOR_TOKEN_TTL_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  const claims = { business_id: input.businessId, key_id: input.apiKeyId, type: "visitor", ...(input.identityVersion ? { idv: input.identityVersion } : {}) };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(input.endUserId)
    .setIssuer(ISSUER)
    .setAudience(VISITOR_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(await key());
  return { token, expiresAt: new Date((now + ttl) * 1000) };
}

/** Verifies a visitor token (HS256, issuer, the widget audience, `type: "visitor"`, ids that are UUIDs). Throws 401. */
export async function verifyVisitorToken(token: string): Promise<VisitorClaims> {
  try {
    const { payload } = await jwtVerify(token, await key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: VISITOR_AUDIENCE,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    const ids = [payload.sub, payload.business_id, payload.key_id];
    if (payload.type !== "visitor" || !ids.every((id) => typeof id === "string" && isUuid(id))) {
      throw new AppError("unauthorized", "The visitor token is invalid.");
    }
    if (payload.exp! - payload.iat! > env().VISITOR_TOKEN_TTL_SECONDS) {
      throw new AppError("unauthorized", "The visitor token outlives the allowed lifetime.");
    }
    return payload as unknown as VisitorClaims;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError("unauthorized", expired ? "The visitor token has expired." : "The visitor token is invalid.");
  }
}

/** What a bearer token claims, read without verifying it (null when it is not a JWT at all). */
function claimsOf(token: string): { aud?: unknown; exp?: unknown } | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as unknown;
    return payload && typeof payload === "object" ? payload : null;
  } catch {
    return null;
  }
}

/** The `aud` a bearer token claims, read without verifying it: which verifier to hand it to. */
export function claimedAudience(token: string): string | null {
  const aud = claimsOf(token)?.aud;
  return typeof aud === "string" ? aud : null;
}

/** When a token verified already stops being valid (epoch ms), or null when it names no time. */
export function claimedExpiry(token: string): number | null {
  const exp = claimsOf(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
}

export const VISITOR_TOKEN_AUDIENCE = VISITOR_AUDIENCE;
