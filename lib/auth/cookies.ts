import { env } from "@/lib/env";
import { SESSION_COOKIE_NAMES } from "./session-cookie-names";

/** Secure (and __Secure- prefixed) session cookies in production; plain http is only for local work. */
export function secureCookies(): boolean {
  return env().NODE_ENV === "production";
}

/** The next-auth session cookie's name, as next-auth derives it from `useSecureCookies`. */
export function sessionCookieName(): string {
  return secureCookies() ? SESSION_COOKIE_NAMES[1] : SESSION_COOKIE_NAMES[0];
}
