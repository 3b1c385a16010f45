"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CreditChangeLimits, GrantCreditsInput, GrantResult, LedgerEntry } from "@/lib/credits/schemas";
import type { Page } from "@/lib/pagination";
import { auditKeys, businessKeys, chatKeys, dashboardKeys, ME_QUERY_KEY, userKeys } from "@/lib/query-keys";

export type { GrantResult, LedgerEntry };

/** A member's credits as an admin grants them and reads their ledger. */

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

/** GET /api/business/credits: the list envelope with the operator's bounds of a change beside it. */
export type UserLedgerView = Page<LedgerEntry> & { limits: CreditChangeLimits };

/** One user's credit ledger, newest first. */
export function useCreditLedger(userId: string | null, page: number, pageSize = 10) {
  return useQuery({
    queryKey: businessKeys.ledger(userId ?? "", page, pageSize),
    queryFn: async () =>
      (await api.get<UserLedgerView>("/api/business/credits", { params: { userId, page, pageSize } })).data,
    enabled: Boolean(userId),
    placeholderData: keepPreviousData,
  });
}
