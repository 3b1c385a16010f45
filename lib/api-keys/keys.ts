import { randomBytes } from "node:crypto";
import type { ApiKey, ApiKeyKind } from "@/db/schema";
import { digest } from "@/lib/auth/tokens";

const KIND_PREFIX: Record<ApiKeyKind, string> = { secret: "sk_", publishable: "pk_" };

/** `sk_` or `pk_` and 32 random bytes in base64url (43 characters): 256 bits, far beyond guessing. */
export const API_KEY_PATTERN = /^(sk|pk)_[A-Za-z0-9_-]{43}$/;

/** How many characters of a key are kept to tell keys apart in a list (the kind's prefix and 8 more). */
const DISPLAY_PREFIX_LENGTH = 11;

export type NewApiKey = { key: string; prefix: string; keyHash: string };

export function generateApiKey(kind: ApiKeyKind): NewApiKey {
  const key = `${KIND_PREFIX[kind]}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: hashApiKey(key) };
}

/** Keys are stored as SHA-256 digests only, like refresh tokens (lib/auth/tokens.ts). */
export function hashApiKey(key: string): string {
  return digest(key);
}

/** The kind a well-formed key names, or null for anything that is not a key of ours. */
export function apiKeyKindOf(key: string): ApiKeyKind | null {
  if (!API_KEY_PATTERN.test(key)) return null;
  return key.startsWith("sk_") ? "secret" : "publishable";
}

/** Neither revoked nor past its expiry at `now`: the one rule for every use of a key. */
export function isLiveApiKey(key: Pick<ApiKey, "revokedAt" | "expiresAt">, now: Date = new Date()): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}
