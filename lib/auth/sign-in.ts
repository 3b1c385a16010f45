"use client";

import { UNREACHABLE_MESSAGE } from "@/lib/lazy-module";
import { nextAuthClient } from "./next-auth-client";
import { PASSWORD_CHANGE_PAGE, safeCallbackPath } from "./page-access";

/** next-auth reports a failed credentials sign-in as an error code; say what it means. */
function signInFailure(code: string | null | undefined): string {
  if (code === "CredentialsSignin") return "Wrong email or password.";
  if (code === "rate_limited") return "Too many failed sign-in attempts. Try again in a few minutes.";
  return "Sign-in failed. Please try again.";
}

/**
 * Signs in with email and password (next-auth's credentials provider sets the session cookie) and
 * answers where to go: a temporary password's change page, the page that sent the visitor here when
 * their role may open it, else the role's home. The caller loads that page whole, so the app starts
 * from the server's render of it with the new session and nothing held over from before.
 */
export async function signInWithPassword(email: string, password: string, callbackUrl: string | null): Promise<string> {
  const { getSession, signIn } = await nextAuthClient.preload().catch(() => {
    throw new Error(UNREACHABLE_MESSAGE);
  });
  const result = await signIn("credentials", { email, password, redirect: false });
  if (!result || result.error || !result.ok) throw new Error(signInFailure(result?.error));
  const session = await getSession();
  if (!session) throw new Error(signInFailure(null));
  if (session.user.mustChangePassword) return PASSWORD_CHANGE_PAGE;
  return safeCallbackPath({ callbackUrl, role: session.user.role });
}
