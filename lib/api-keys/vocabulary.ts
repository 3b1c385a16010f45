import type { ApiKeyKind, ApiKeyScope } from "@/db/schema";

/**
 * The API keys' words and limits, without zod: the settings page shows them before any key dialog's
 * rules have loaded (lib/api-keys/schemas.ts validates with them).
 */

// Repeated here (type-checked against the schema) so client bundles need not load db/schema.
export const API_KEY_KIND_VALUES = ["secret", "publishable"] as const satisfies readonly ApiKeyKind[];
export const API_KEY_SCOPE_VALUES = ["chat", "stats"] as const satisfies readonly ApiKeyScope[];

export const API_KEY_KIND_LABELS: Record<ApiKeyKind, string> = { secret: "Secret", publishable: "Publishable" };

export const API_KEY_SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  chat: "Chat with the assistant on behalf of your end users",
  stats: "Read the business's usage statistics",
};

export const API_KEY_LIMITS = {
  name: 100,
  allowedOrigins: 20,
  /** Longer than any scheme, 253-character host and port together. */
  origin: 300,
  /** Keys not revoked, per business: enough for every site and server, few enough to review. */
  activePerBusiness: 50,
} as const;

/**
 * An origin as a key may list it: what the URL parser would leave as it is, and no more than a page's
 * `Content-Security-Policy: frame-ancestors` can name (letters, digits, `-` and `.` in a host; a host
 * with `_`, `;` or `,`, which the parser lets through, could not be named there, and a `;` or a space
 * would smuggle in another directive).
 */
export const WEB_ORIGIN_PATTERN = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Why `value` is not an exact web origin (`https://shop.example.com`, `http://localhost:3000`), or
 * null when it is one. The browser's `Origin` header is compared with these strings as they are, so
 * anything the URL parser would rewrite (a path, a trailing slash, a default port, upper case,
 * credentials) is refused with the form to use instead, and a wildcard is refused outright.
 */
export function originProblem(value: string): string | null {
  if (value.length === 0) return "An origin cannot be empty.";
  if (value.length > API_KEY_LIMITS.origin) return `An origin must be at most ${API_KEY_LIMITS.origin} characters.`;
  if (value.includes("*")) return `${value} has a wildcard; list each origin exactly, such as https://shop.example.com.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${value} is not an origin; write it as scheme://host[:port], such as https://shop.example.com.`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${value} must start with http:// or https://.`;
  if (url.username || url.password) return `${value} must not contain a user name or password.`;
  if (url.origin !== value) {
    return `${value} is not an exact origin (scheme, host and port only, in lower case): use ${url.origin}.`;
  }
  if (!WEB_ORIGIN_PATTERN.test(value)) return `${value} cannot be allowed: a host may hold only letters, digits, hyphens and dots.`;
  return null;
}

/** A publishable key sits in public web pages, so it may chat (through the widget) and do nothing more. */
export const PUBLISHABLE_SCOPES: readonly ApiKeyScope[] = ["chat"];
