import { z } from "zod";

/** Shared by the image manager and the API. */

export const MAX_IMAGES_PER_PRODUCT = 8;
export const ALT_MAX = 300;
/** What the browser checks before uploading; the server checks the bytes again (lib/images/process.ts). */
export const IMAGE_UPLOAD_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const IMAGE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const alt = z
  .string({ error: "Alt text must be text." })
  .trim()
  .max(ALT_MAX, `Alt text must be at most ${ALT_MAX} characters.`)
  // Postgres text cannot hold NUL, and jsonb (a revision's gallery) refuses an unpaired surrogate.
  .refine((value) => !value.includes("\0") && value.isWellFormed(), "Alt text may not contain NUL or unpaired surrogate characters.");

/** The optional `alt` part of an upload (multipart form fields are strings). */
export const imageUploadFieldsSchema = z.object({ alt: alt.optional() });

/** PATCH /api/products/:id/images/:imageId — alt text, and the position to move it to (0 = first). */
export const imageUpdateSchema = z
  .object({
    alt: alt.optional(),
    position: z
      .number({ error: "Position must be a whole number." })
      .int("Position must be a whole number.")
      .min(0, "Position cannot be negative.")
      .max(MAX_IMAGES_PER_PRODUCT - 1, `Position must be below ${MAX_IMAGES_PER_PRODUCT}.`)
      .optional(),
  })
  .strict()
  .refine((value) => value.alt !== undefined || value.position !== undefined, { error: "Send alt, position or both." });

/** The stored width asked for in a rendition's path: digits only, else no such rendition. */
export const imageWidthParamSchema = z.string().regex(/^[1-9]\d{0,4}$/).transform(Number);

/** The width a plain `url` points at: big enough for a card, small enough for a list. */
export const DEFAULT_IMAGE_WIDTH = 480;

export function imageUrl(input: { productId: string; imageId: string; width: number }): string {
  return `/api/products/${input.productId}/images/${input.imageId}/${input.width}`;
}

/** The stored width closest to `wanted` from below (or the smallest when all are wider). */
export function pickWidth(widths: readonly number[], wanted: number): number {
  const fitting = widths.filter((width) => width <= wanted);
  return fitting.length ? Math.max(...fitting) : Math.min(...widths);
}

/** One picture of a product as every product response carries it, in gallery order. */
export const productImageDtoSchema = z.object({
  id: z.string(),
  url: z.string(),
  alt: z.string(),
  position: z.number().int(),
  widths: z.array(z.number().int()),
});
export type ProductImageDto = z.infer<typeof productImageDtoSchema>;

/**
 * The gallery as the image manager edits it. For an approved product, `revision` names its open change:
 * the images are that change's (some still pending review), while the live product keeps its gallery.
 */
export type ProductGalleryDto = {
  images: ProductImageDto[];
  revision: { id: string; status: "draft" | "pending_approval" | "approved" | "rejected" } | null;
};

/** What an upload or an edit answers: the image, and the whole gallery in its new order. */
export type ImageChangeDto = { image: ProductImageDto } & ProductGalleryDto;

export type ImageUpdateInput = z.infer<typeof imageUpdateSchema>;
