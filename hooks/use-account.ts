"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, heldRefreshToken, setTokens } from "@/lib/api-client";
import { nextAuthClient } from "@/lib/auth/next-auth-client";
import type { ChangePasswordInput, UpdateProfileInput } from "@/lib/auth/schemas";
import { ME_QUERY_KEY } from "@/lib/query-keys";
import type { Me } from "./use-auth";

/** PATCH /api/auth/me — the caller's own name and email. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: UpdateProfileInput) => (await api.patch<Me>("/api/auth/me", input)).data,
    onSuccess: async (me) => {
      queryClient.setQueryData<Me>(ME_QUERY_KEY, me);
      // The browser session carries the name and email too (the navigation shows them): reading it
      // re-issues its cookie with them.
      await (await nextAuthClient.preload()).getSession();
    },
  });
}

/** POST /api/auth/email — a new link for the pending email change. */
export function useResendEmailChange() {
  return useMutation({ mutationFn: async () => (await api.post<{ pendingEmail: string }>("/api/auth/email")).data });
}

/** DELETE /api/auth/email — cancels the pending email change. */
export function useCancelEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.delete("/api/auth/email");
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
  });
}

/**
 * POST /api/auth/email/confirm — the link's token makes its address the account's. The tab may be signed
 * in as that account (the link opened where its owner works): its profile is read again, or the account
 * page would go on showing the old address and the change as still waiting for its link.
 */
export function useConfirmEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) => (await api.post<{ email: string }>("/api/auth/email/confirm", { token })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
  });
}

/**
 * POST /api/auth/password. The change ends every browser session signed in before it, this one
 * too, so the browser signs in again with the new password. The API tokens the tab holds were minted
 * from the session that ended: they are ended too, and the tab mints its own from the new one, so a
 * sign-out in any tab ends them.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ChangePasswordInput & { email: string }) => {
      await api.post("/api/auth/password", { currentPassword: input.currentPassword, newPassword: input.newPassword });
      const { signIn } = await nextAuthClient.preload();
      const result = await signIn("credentials", { email: input.email, password: input.newPassword, redirect: false });
      if (!result?.ok || result.error) throw new Error("Your password was changed, but signing in again failed. Sign in with the new password.");
      const held = heldRefreshToken();
      setTokens(null);
      if (held) await api.post("/api/auth/logout", { refresh: held }).catch(() => undefined);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
  });
}
