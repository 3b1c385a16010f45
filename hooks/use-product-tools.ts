"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { categoryKeys } from "@/hooks/use-categories";
import { productKeys } from "@/lib/query-keys";
import { api, definedOnly } from "@/lib/api-client";
import { saveDownload } from "@/lib/download";
import type { InternalListQuery } from "@/lib/products/schemas";
import { NAME_MAX, SKU_MAX } from "@/lib/products/vocabulary";
import type { BulkActionInput, BulkResponse, DuplicatesResponse, ImportResult } from "@/lib/products/tools-schemas";

export type { BulkAction, BulkResultItem, DuplicateMatch, ImportResult } from "@/lib/products/tools-schemas";

/** POST /api/products/bulk — one action on up to 100 products; each row's outcome comes back. */
export function useBulkProductAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: BulkActionInput) => (await api.post<BulkResponse>("/api/products/bulk", input)).data,
    // Some rows may have changed even when others failed: refresh whatever the outcome.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: productKeys.all }), queryClient.invalidateQueries({ queryKey: categoryKeys.all })]),
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
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: productKeys.all }), queryClient.invalidateQueries({ queryKey: categoryKeys.all })]),
  });
}

export type ExportFilter = Partial<Pick<InternalListQuery, "q" | "status" | "createdBy" | "category" | "sort">>;

/** GET /api/products/export — the catalog, or the filtered view, as CSV. */
export function useExportProducts() {
  return useMutation({ mutationFn: (filter: ExportFilter) => saveDownload("/api/products/export", { format: "csv", ...filter }, "products.csv") });
}

/** GET /api/products/import/template — the import's header and one example row. */
export function useDownloadImportTemplate() {
  return useMutation({ mutationFn: () => saveDownload("/api/products/import/template", {}, "products-template.csv") });
}

/** The value once it has stopped changing for `delay` ms, so typing does not send a request per key. */
function useSettled<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * GET /api/products/duplicates — the business's products with the same name (trimmed, any case) or SKU,
 * other than `excludeId` (the product being edited). Asks once typing settles; nothing for empty fields.
 */
export function useDuplicateProducts(input: { name?: string | null; sku?: string | null; excludeId?: string | null; enabled?: boolean }) {
  // Clipped to the fields' limits: a name still being typed past them is the form's to refuse, not a failed lookup.
  const name = useSettled((input.name ?? "").trim().slice(0, NAME_MAX), 400);
  const sku = useSettled((input.sku ?? "").trim().slice(0, SKU_MAX), 400);
  const excludeId = input.excludeId ?? undefined;
  return useQuery({
    queryKey: ["products", "duplicates", { name, sku, excludeId }] as const,
    queryFn: async ({ signal }) =>
      (await api.get<DuplicatesResponse>("/api/products/duplicates", { params: definedOnly({ name, sku, excludeId }), signal })).data.results,
    enabled: (input.enabled ?? true) && (name !== "" || sku !== ""),
    staleTime: 10_000,
  });
}
