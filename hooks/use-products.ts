"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, definedOnly } from "@/lib/api-client";
import type { ListedProductDto, Page, ProductDto, ProductHistoryEntry, ReviewItemDto, StaffProductDto } from "@/lib/products/schemas";
import { productKeys, type InternalProductFilter, type ReviewOrder } from "@/lib/query-keys";

export type { ProductDto, ReviewItemDto, StaffProductDto } from "@/lib/products/schemas";

export type { InternalProductFilter, ReviewOrder } from "@/lib/query-keys";

// The reads: a product, its history, the lists. Their changes are hooks/use-product-changes.ts, so a page
// that only shows a product (the chat's question about one) does not download the editor's requests.

/** GET /api/products/reviews — what waits for review: new products and changes to live ones, with their diffs. */

export function useReviews(input: { page: number; pageSize: number; order?: ReviewOrder }) {
  return useQuery({
    queryKey: productKeys.reviews(input.page, input.pageSize, input.order),
    queryFn: async ({ signal }) => (await api.get<Page<ReviewItemDto>>("/api/products/reviews", { params: input, signal })).data,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/products/internal — the caller's business, every status their role may see. */
export function useInternalProducts(filter: InternalProductFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: productKeys.internal(filter),
    queryFn: async ({ signal }) =>
      (await api.get<Page<ListedProductDto>>("/api/products/internal", { params: definedOnly(filter), signal })).data,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** GET /api/products/:id. Staff get the open revision beside the live version; other roles get the product alone. */
export async function fetchProduct(id: string, signal?: AbortSignal) {
  return (await api.get<ProductDto & Partial<Pick<StaffProductDto, "revision" | "reviewVersion">>>(`/api/products/${id}`, { signal })).data;
}

export function useProduct(id: string | null) {
  return useQuery({
    queryKey: productKeys.detail(id ?? "none"),
    enabled: id !== null,
    queryFn: ({ signal }) => fetchProduct(id!, signal),
  });
}

export function useProductHistory(id: string | null) {
  return useQuery({
    queryKey: productKeys.history(id ?? "none"),
    enabled: id !== null,
    queryFn: async ({ signal }) =>
      (await api.get<{ results: ProductHistoryEntry[] }>(`/api/products/${id}/history`, { signal })).data.results,
  });
}
