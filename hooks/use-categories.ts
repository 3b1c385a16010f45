"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { productKeys } from "@/lib/query-keys";
import { api } from "@/lib/api-client";
import type { CategoryDto, CategoryList, CategoryMergeResult } from "@/lib/categories/schemas";

export type { CategoryDto } from "@/lib/categories/schemas";

export const categoryKeys = { all: ["categories"] as const };

/** GET /api/categories — the business's categories by name, with product counts (staff). */
export function useCategories(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: categoryKeys.all,
    queryFn: async ({ signal }) => (await api.get<CategoryList>("/api/categories", { signal })).data,
    enabled: options.enabled ?? true,
    staleTime: 30_000,
  });
}

/** A category change renames or moves products too: the lists and the products both refresh. */
function useCategoryMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: categoryKeys.all }), queryClient.invalidateQueries({ queryKey: productKeys.all })]),
  });
}

export function useCreateCategory() {
  return useCategoryMutation(async (name: string) => (await api.post<CategoryDto>("/api/categories", { name })).data);
}

export function useRenameCategory() {
  return useCategoryMutation(
    async ({ id, name }: { id: string; name: string }) => (await api.patch<CategoryDto>(`/api/categories/${id}`, { name })).data,
  );
}

export function useMergeCategory() {
  return useCategoryMutation(
    async ({ id, into }: { id: string; into: string }) => (await api.post<CategoryMergeResult>(`/api/categories/${id}/merge`, { into })).data,
  );
}

export function useDeleteCategory() {
  return useCategoryMutation(async (id: string) => {
    await api.delete(`/api/categories/${id}`);
  });
}
