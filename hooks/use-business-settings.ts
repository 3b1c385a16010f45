"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BusinessView, IdentitySecretView, UpdateBusinessInput } from "@/lib/business/schemas";
import { auditKeys, businessKeys, chatKeys, ME_QUERY_KEY } from "@/lib/query-keys";

/** The business's settings as an admin changes them (/settings). */

/**
 * Saves name and settings; the chat header and greeting read the same record, and the chat's balance
 * shows the message cost, so their caches are refreshed too.
 */
export function useUpdateBusiness() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: UpdateBusinessInput) => (await api.patch<BusinessView>("/api/business", input)).data,
    onSuccess: (business) => {
      queryClient.setQueryData(businessKeys.business(), business);
      void queryClient.invalidateQueries({ queryKey: chatKeys.profile() });
      void queryClient.invalidateQueries({ queryKey: chatKeys.balance() });
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}

const fetchIdentitySecret = async () => (await api.get<IdentitySecretView>("/api/business/identity-secret")).data.secret;

/**
 * The identity secret, fetched only once asked for (`enabled`) so that merely opening /settings never
 * moves it over the wire; `load` fetches it on demand (Copy without Reveal).
 */
export function useIdentitySecret(enabled: boolean) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: businessKeys.identitySecret(), queryFn: fetchIdentitySecret, enabled });
  const load = () => queryClient.fetchQuery({ queryKey: businessKeys.identitySecret(), queryFn: fetchIdentitySecret });
  return { ...query, load };
}

/** Rotates the identity secret; the answer is the new one. */
export function useRotateIdentitySecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<IdentitySecretView>("/api/business/identity-secret")).data.secret,
    onSuccess: (secret) => {
      queryClient.setQueryData(businessKeys.identitySecret(), secret);
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}
