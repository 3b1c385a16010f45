"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ProductCreateInput, ProductDto, ProductUpdateInput, StaffProductDto } from "@/lib/products/schemas";
import { productKeys } from "@/lib/query-keys";

/** Creating, editing, submitting, reviewing and deleting products; each refreshes every product query. */

function useProductMutation<Variables, Result extends ProductDto>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product);
      return queryClient.invalidateQueries({ queryKey: productKeys.all });
    },
    // A refusal because the product moved on (409: a sale, another editor, a review): show what it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}

export function useCreateProduct() {
  return useProductMutation(async (input: ProductCreateInput) => (await api.post<ProductDto>("/api/products", input)).data);
}

export function useUpdateProduct() {
  return useProductMutation(
    async ({ id, changes }: { id: string; changes: ProductUpdateInput }) =>
      (await api.patch<StaffProductDto>(`/api/products/${id}`, changes)).data,
  );
}

export function useSubmitProduct() {
  return useProductMutation(async (id: string) => (await api.post<StaffProductDto>(`/api/products/${id}/submit`, {})).data);
}

/** `version` is the reviewVersion the reviewer read: the server refuses (409 conflict) once it moved on. */
export function useApproveProduct() {
  return useProductMutation(
    async ({ id, version }: { id: string; version?: string }) => (await api.post<StaffProductDto>(`/api/products/${id}/approve`, { version })).data,
  );
}

export function useRejectProduct() {
  return useProductMutation(
    async ({ id, reason, version }: { id: string; reason: string; version?: string }) =>
      (await api.post<StaffProductDto>(`/api/products/${id}/reject`, { reason, version })).data,
  );
}

export function useDeleteProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`/api/products/${id}`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}
