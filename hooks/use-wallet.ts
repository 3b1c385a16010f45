"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AdjustWalletInput, CreditChangeLimits, LedgerEntry, WalletAdjustResult } from "@/lib/credits/schemas";
import type { Page } from "@/lib/pagination";
import { auditKeys, walletKeys } from "@/lib/query-keys";
import { dashboardKeys } from "./use-dashboard";

export type { LedgerEntry, WalletAdjustResult };

/** GET /api/business/wallet: the list envelope with the wallet's balance and the operator's bounds beside it. */
export type WalletView = Page<LedgerEntry> & { balance: number; limits: CreditChangeLimits };


/** The business wallet's balance and one page of its ledger, newest first; refreshed with the dashboard. */
export function useWallet(page: number, pageSize = 10) {
  return useQuery({
    queryKey: walletKeys.page(page, pageSize),
    queryFn: async ({ signal }) => (await api.get<WalletView>("/api/business/wallet", { params: { page, pageSize }, signal })).data,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

/** POST /api/business/wallet: tops up (positive) or claws back (negative); the wallet, dashboard and audit views refresh. */
export function useAdjustWallet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: AdjustWalletInput) => (await api.post<WalletAdjustResult>("/api/business/wallet", input)).data,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: walletKeys.all });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.stats() });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}
