"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, definedOnly } from "@/lib/api-client";
import type {
  Page,
  ProductCreateInput,
  ProductDto,
  ProductHistoryEntry,
  ProductUpdateInput,
} from "@/lib/products/schemas";

export type { ProductDto } from "@/lib/products/schemas";

export type InternalProductFilter = {
  q?: string;
  status?: ProductDto["status"];
  createdBy?: string;
  page: number;
  pageSize?: number;
};

export type ImportResult = { created: number; errors: { row: number; fields: Record<string, string[]> }[] };

/** Every product query lives under ["products"]: one invalidation after a write refreshes lists, details and history. */
export const productKeys = {
  all: ["products"] as const,
  internal: (filter: InternalProductFilter) => ["products", "internal", filter] as const,
  detail: (id: string) => ["products", "detail", id] as const,
  history: (id: string) => ["products", "history", id] as const,
};

/** GET /api/products/internal — the caller's business, every status their role may see. */
export function useInternalProducts(filter: InternalProductFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: productKeys.internal(filter),
    queryFn: async ({ signal }) =>
      (await api.get<Page<ProductDto>>("/api/products/internal", { params: definedOnly(filter), signal })).data,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useProduct(id: string | null) {
  return useQuery({
    queryKey: productKeys.detail(id ?? "none"),
    enabled: id !== null,
    queryFn: async ({ signal }) => (await api.get<ProductDto>(`/api/products/${id}`, { signal })).data,
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

function useProductMutation<Variables>(mutationFn: (variables: Variables) => Promise<ProductDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product);
      return queryClient.invalidateQueries({ queryKey: productKeys.all });
    },
  });
}

export function useCreateProduct() {
  return useProductMutation(async (input: ProductCreateInput) => (await api.post<ProductDto>("/api/products", input)).data);
}

export function useUpdateProduct() {
  return useProductMutation(
    async ({ id, changes }: { id: string; changes: ProductUpdateInput }) =>
      (await api.patch<ProductDto>(`/api/products/${id}`, changes)).data,
  );
}

export function useSubmitProduct() {
  return useProductMutation(async (id: string) => (await api.post<ProductDto>(`/api/products/${id}/submit`, {})).data);
}

export function useApproveProduct() {
  return useProductMutation(async (id: string) => (await api.post<ProductDto>(`/api/products/${id}/approve`, {})).data);
}

export function useRejectProduct() {
  return useProductMutation(
    async ({ id, reason }: { id: string; reason: string }) =>
      (await api.post<ProductDto>(`/api/products/${id}/reject`, { reason })).data,
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

/** POST /api/products/import with upload progress (0–100) reported as the file is sent. */
export function useImportProducts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, onProgress }: { file: File; onProgress?: (percent: number) => void }) => {
      const form = new FormData();
      form.append("file", file);
      const { data } = await api.post<ImportResult>("/api/products/import", form, {
        onUploadProgress: (event) => {
          if (event.total) onProgress?.(Math.round((event.loaded / event.total) * 100));
        },
      });
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}
