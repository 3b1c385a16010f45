/** next-auth's session cookie's two possible names, plain and `__Secure-` prefixed (lib/auth/cookies.ts picks one). */
export const SESSION_COOKIE_NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;
