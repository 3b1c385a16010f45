import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, URL-safe: an opaque refresh token that names nothing by itself. */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/** 144 bits: an invite code short enough to paste, far beyond guessing. */
export function newInviteCode(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Tokens and codes are stored only as SHA-256 digests: a leaked table grants nothing, and since
 * the inputs are long random strings a fast hash is enough (no salt or slow KDF needed).
 */
export function digest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
