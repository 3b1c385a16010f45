"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ImageChangeDto, ImageUpdateInput, ProductGalleryDto } from "@/lib/images/schemas";

export type { ProductGalleryDto, ProductImageDto } from "@/lib/images/schemas";

/** Under ["products"], so the product hooks' invalidation after any product write refreshes galleries too. */
export const productImageKeys = {
  gallery: (productId: string) => ["products", "images", productId] as const,
};

/** GET /api/products/:id/images — the gallery as staff edit it (an approved product's pending change when it has one). */
export function useProductImages(productId: string | null) {
  return useQuery({
    queryKey: productImageKeys.gallery(productId ?? "none"),
    enabled: productId !== null,
    queryFn: async ({ signal }) => (await api.get<ProductGalleryDto>(`/api/products/${productId}/images`, { signal })).data,
  });
}

/** After a change: the answer's gallery at once, then every product view (lists, details, revisions) refreshed. */
function useGalleryMutation<Variables, Result extends ProductGalleryDto | void>(
  productId: string,
  mutationFn: (variables: Variables) => Promise<Result>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (result) => {
      if (result) queryClient.setQueryData(productImageKeys.gallery(productId), { images: result.images, revision: result.revision });
      await queryClient.invalidateQueries({ queryKey: ["products"] });
    },
  });
}

/** POST /api/products/:id/images (multipart), reporting upload progress (0–100) as the file is sent. */
export function useUploadProductImage(productId: string) {
  return useGalleryMutation(productId, async ({ file, alt, onProgress }: { file: File; alt?: string; onProgress?: (percent: number) => void }) => {
    const form = new FormData();
    form.append("file", file);
    if (alt) form.append("alt", alt);
    const { data } = await api.post<ImageChangeDto>(`/api/products/${productId}/images`, form, {
      onUploadProgress: (event) => {
        if (event.total) onProgress?.(Math.round((event.loaded / event.total) * 100));
      },
    });
    return data;
  });
}

/** PATCH /api/products/:id/images/:imageId — alt text and/or a new position (the others shift). */
export function useUpdateProductImage(productId: string) {
  return useGalleryMutation(
    productId,
    async ({ imageId, changes }: { imageId: string; changes: ImageUpdateInput }) =>
      (await api.patch<ImageChangeDto>(`/api/products/${productId}/images/${imageId}`, changes)).data,
  );
}

/** DELETE /api/products/:id/images/:imageId. */
export function useDeleteProductImage(productId: string) {
  return useGalleryMutation(productId, async (imageId: string) => {
    await api.delete(`/api/products/${productId}/images/${imageId}`);
  });
}
