import { env } from "@/lib/env";

/** Secure (and __Secure- prefixed) session cookies in production; plain http is only for local work. */
export function secureCookies(): boolean {
  return env().NODE_ENV === "production";
}

/** The next-auth session cookie's name, as next-auth derives it from `useSecureCookies`. */
export function sessionCookieName(): string {
  return secureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}
