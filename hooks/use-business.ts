"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BusinessView, IdentitySecretView, UpdateBusinessInput } from "@/lib/business/schemas";
import type { GrantCreditsInput, GrantResult, LedgerEntry } from "@/lib/credits/schemas";
import type { Page } from "@/lib/pagination";
import { auditKeys, businessKeys, chatKeys, dashboardKeys, ME_QUERY_KEY, userKeys } from "@/lib/query-keys";

export type { BusinessView, GrantResult, LedgerEntry };

export { businessKeys };

/** GET /api/business. Admins get a BusinessView; other members only its public part (name, slug, chat look). */
export function useBusiness(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: businessKeys.business(),
    queryFn: async () => (await api.get<BusinessView>("/api/business")).data,
    enabled: options.enabled ?? true,
  });
}

/** Saves name and settings; the chat header and greeting read the same record, so their cache is refreshed too. */
export function useUpdateBusiness() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: UpdateBusinessInput) => (await api.patch<BusinessView>("/api/business", input)).data,
    onSuccess: (business) => {
      queryClient.setQueryData(businessKeys.business(), business);
      void queryClient.invalidateQueries({ queryKey: chatKeys.profile() });
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}

/** Grants (positive) or claws back (negative) credits; every view showing a balance is refreshed. */
export function useGrantCredits() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: GrantCreditsInput) => (await api.post<GrantResult>("/api/business/credits", input)).data,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: businessKeys.ledgers() });
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: chatKeys.balance() });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.stats() });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}

/** One user's credit ledger, newest first. */
export function useCreditLedger(userId: string | null, page: number, pageSize = 10) {
  return useQuery({
    queryKey: businessKeys.ledger(userId ?? "", page, pageSize),
    queryFn: async () =>
      (await api.get<Page<LedgerEntry>>("/api/business/credits", { params: { userId, page, pageSize } })).data,
    enabled: Boolean(userId),
    placeholderData: keepPreviousData,
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
