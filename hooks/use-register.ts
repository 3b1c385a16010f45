"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, setTokens } from "@/lib/api-client";
import { nextAuthClient } from "@/lib/auth/next-auth-client";
import { ROLE_HOME } from "@/lib/auth/page-access";
import type { RegisterInput } from "@/lib/auth/schemas";
import { ME_QUERY_KEY } from "@/lib/query-keys";
import { useSignedIn, type CurrentUser, type Me } from "./use-auth";

/**
 * Creates the account (and business), signs the browser in, and resolves to the role's home; API errors
 * are thrown as they come. Only the sign-up form needs it, so no other page downloads it.
 */
export function useRegister(): (input: RegisterInput) => Promise<string> {
  const queryClient = useQueryClient();
  const signedIn = useSignedIn();
  return useCallback(
    async (input: RegisterInput) => {
      setTokens(null);
      queryClient.clear();
      const { data } = await api.post<{ user: CurrentUser; credits: number; refresh: string }>("/api/auth/register", input);
      // The API answered with tokens; the browser session cookie comes from next-auth's sign-in.
      const { signIn } = await nextAuthClient.preload();
      const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
      if (!result || result.error || !result.ok) {
        throw new Error("Your account was created, but signing in failed. Sign in with your new password.");
      }
      // The API's tokens are not the browser session's, which a sign-out in any tab ends: they are ended,
      // and the tab mints its own from the session (this request does, first: it was anonymous until now).
      setTokens(null);
      await api.post("/api/auth/logout", { refresh: data.refresh }).catch(() => undefined);
      queryClient.setQueryData<Me>(ME_QUERY_KEY, { user: data.user, credits: data.credits, mustChangePassword: false });
      signedIn();
      return ROLE_HOME[data.user.role];
    },
    [queryClient, signedIn],
  );
}
