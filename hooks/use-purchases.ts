"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { saveDownload } from "@/lib/download";
import type { PurchasePage, PurchaseView } from "@/lib/purchases/schemas";
import { purchaseQueryKeys, type PurchaseListFilter } from "@/lib/query-keys";

export type { PurchaseBuyer, PurchaseTotals, PurchaseView } from "@/lib/purchases/schemas";


/** GET /api/purchases: the caller's purchases (admins: the business's, optionally one user's) plus totals for admins. */
export function usePurchases(filter: PurchaseListFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: purchaseQueryKeys.list(filter),
    queryFn: async ({ signal }) =>
      (
        await api.get<PurchasePage>("/api/purchases", {
          params: { page: filter.page, pageSize: filter.pageSize, ...(filter.userId ? { userId: filter.userId } : {}) },
          signal,
        })
      ).data,
    // Paging keeps the old rows on screen until the next page arrives instead of flashing a skeleton.
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** GET /api/purchases?format=csv — every purchase the list would show (an admin's: optionally one user's), saved as a CSV file. */
export function useExportPurchases() {
  return useMutation({ mutationFn: (filter: { userId?: string }) => saveDownload("/api/purchases", { userId: filter.userId, format: "csv" }, "purchases.csv") });
}

export type CreatePurchaseVariables = {
  productId: string;
  quantity: number;
  /** The unit price the buyer was shown; a different current price answers 409 `price_changed`. */
  expectedUnitPrice: string;
  sessionId?: string | null;
  /** One key per user action (e.g. per confirm click), so a retried request can never buy twice. */
  idempotencyKey: string;
};

/** POST /api/purchases with an Idempotency-Key; a replay (200) resolves to the first purchase. */
export function useCreatePurchase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ idempotencyKey, ...body }: CreatePurchaseVariables) =>
      (await api.post<PurchaseView>("/api/purchases", body, { headers: { "Idempotency-Key": idempotencyKey } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: purchaseQueryKeys.all }),
  });
}
