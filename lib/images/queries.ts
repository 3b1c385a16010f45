import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { imageBlobs, productImages, products, type ProductImage, type ProductStatus } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import { announceCatalogChange } from "@/lib/products/catalog-cache";
import { getProductInBusiness, type ProductRow } from "@/lib/products/queries";
import { DEFAULT_IMAGE_WIDTH, imageUrl, pickWidth, type ProductImageDto } from "./schemas";

export { DEFAULT_IMAGE_WIDTH, imageUrl, pickWidth, type ProductImageDto } from "./schemas";

export function toImageDto(row: Pick<typeof productImages.$inferSelect, "id" | "productId" | "alt" | "position" | "widths">): ProductImageDto {
  return {
    id: row.id,
    url: imageUrl({ productId: row.productId, imageId: row.id, width: pickWidth(row.widths, DEFAULT_IMAGE_WIDTH) }),
    alt: row.alt,
    position: row.position,
    widths: row.widths,
  };
}

/** The live (not pending) images of each product, in order; products without images are absent from the map. */
export async function listLiveImages(db: Database, input: { productIds: readonly string[] }): Promise<Map<string, ProductImageDto[]>> {
  const byProduct = new Map<string, ProductImageDto[]>();
  if (input.productIds.length === 0) return byProduct;
  const rows = await db
    .select({ id: productImages.id, productId: productImages.productId, alt: productImages.alt, position: productImages.position, widths: productImages.widths })
    .from(productImages)
    .where(and(inArray(productImages.productId, [...input.productIds]), eq(productImages.pending, false)))
    .orderBy(asc(productImages.productId), asc(productImages.position), asc(productImages.id));
  for (const row of rows) byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), toImageDto(row)]);
  return byProduct;
}

export type ImageRow = ProductImage;
export type ImageInsert = typeof productImages.$inferInsert;
/** An entry of a revision's gallery: an image it keeps or adds, with the alt text it gives it. */
export type GalleryEntry = { id: string; alt: string };

type ProductRef = { businessId: string; productId: string };

/**
 * The product whose gallery is about to change, locked until the transaction ends, so two uploads
 * cannot both see seven images and both add an eighth. Read here rather than through the product
 * queries because it exists only to serialise gallery writes.
 */
export function lockProductForImages(db: Database, input: ProductRef): Promise<ProductRow | null> {
  return getProductInBusiness(db, { ...input, lock: true });
}

/** Every image row of a product, live and pending, in gallery order. */
export async function listProductImageRows(db: Database, input: ProductRef & { pending?: boolean }): Promise<ImageRow[]> {
  if (!isUuid(input.productId)) return [];
  return db
    .select()
    .from(productImages)
    .where(
      and(
        eq(productImages.productId, input.productId),
        eq(productImages.businessId, input.businessId),
        input.pending === undefined ? undefined : eq(productImages.pending, input.pending),
      ),
    )
    .orderBy(asc(productImages.position), asc(productImages.createdAt), asc(productImages.id));
}

/** Image rows of one product among `ids` (any order); unknown ids and other products' images are left out. */
export async function getImageRowsByIds(db: Database, input: { productId: string; businessId?: string; ids: readonly string[] }): Promise<ImageRow[]> {
  const ids = input.ids.filter(isUuid);
  if (ids.length === 0 || !isUuid(input.productId)) return [];
  return db
    .select()
    .from(productImages)
    .where(
      and(
        inArray(productImages.id, ids),
        eq(productImages.productId, input.productId),
        input.businessId === undefined ? undefined : eq(productImages.businessId, input.businessId),
      ),
    );
}

export async function insertImageRow(db: Database, values: ImageInsert): Promise<ImageRow> {
  const [row] = await db.insert(productImages).values(values).returning();
  // Public answers carry each approved product's gallery.
  await announceCatalogChange(db, row!.businessId);
  return row!;
}

export async function updateImageRow(
  db: Database,
  input: ProductRef & { imageId: string; set: Partial<Pick<ImageInsert, "alt" | "position" | "pending">> },
): Promise<ImageRow | null> {
  if (!isUuid(input.imageId)) return null;
  const [row] = await db
    .update(productImages)
    .set({ ...input.set, updatedAt: new Date() })
    .where(
      and(eq(productImages.id, input.imageId), eq(productImages.productId, input.productId), eq(productImages.businessId, input.businessId)),
    )
    .returning();
  if (row) await announceCatalogChange(db, input.businessId);
  return row ?? null;
}

/** Deletes image rows of one product (their renditions go with them, ON DELETE CASCADE); returns the ids deleted. */
export async function deleteImageRows(db: Database, input: ProductRef & { imageIds: readonly string[] }): Promise<string[]> {
  const ids = input.imageIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db
    .delete(productImages)
    .where(and(inArray(productImages.id, ids), eq(productImages.productId, input.productId), eq(productImages.businessId, input.businessId)))
    .returning({ id: productImages.id });
  if (rows.length > 0) await announceCatalogChange(db, input.businessId);
  return rows.map((row) => row.id);
}

/** Live images of a product whose alt text is empty or blank: publishing needs every image described. */
export async function countLiveImagesMissingAlt(db: Database, input: ProductRef): Promise<number> {
  if (!isUuid(input.productId)) return 0;
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(productImages)
    .where(
      and(
        eq(productImages.productId, input.productId),
        eq(productImages.businessId, input.businessId),
        eq(productImages.pending, false),
        sql`btrim(${productImages.alt}) = ''`,
      ),
    );
  return row?.count ?? 0;
}

/**
 * How many of the gallery's images lack alt text: the entries of a revision's gallery when `images` is
 * given, else the product's live images. The submit of a product or revision refuses while any does.
 */
export async function imagesMissingAlt(db: Database, input: ProductRef & { images?: readonly GalleryEntry[] | null }): Promise<number> {
  if (input.images) return input.images.filter((image) => image.alt.trim() === "").length;
  return countLiveImagesMissingAlt(db, input);
}

/** The DTOs of a revision's gallery for staff views: in the revision's order, with its alt texts; ids no longer stored are skipped. */
export async function revisionImageDtos(
  db: Database,
  input: { productId: string; businessId?: string; images: readonly GalleryEntry[] },
): Promise<ProductImageDto[]> {
  const rows = await getImageRowsByIds(db, { productId: input.productId, businessId: input.businessId, ids: input.images.map((image) => image.id) });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.images
    .filter((image) => byId.has(image.id))
    .map((image, position) => toImageDto({ ...byId.get(image.id)!, alt: image.alt, position }));
}

// ---- renditions (image_blobs), reached through lib/images/storage.ts ----------------------------

export type BlobInsert = { imageId: string; width: number; contentType: string; etag: string; bytes: Uint8Array };

export async function insertImageBlobs(db: Database, input: { blobs: readonly BlobInsert[] }): Promise<void> {
  if (input.blobs.length === 0) return;
  await db.insert(imageBlobs).values([...input.blobs]);
}

export async function getImageBlob(
  db: Database,
  input: { imageId: string; width: number },
): Promise<{ contentType: string; etag: string; bytes: Uint8Array } | null> {
  if (!isUuid(input.imageId)) return null;
  const [row] = await db
    .select({ contentType: imageBlobs.contentType, etag: imageBlobs.etag, bytes: imageBlobs.bytes })
    .from(imageBlobs)
    .where(and(eq(imageBlobs.imageId, input.imageId), eq(imageBlobs.width, input.width)))
    .limit(1);
  return row ?? null;
}

export async function deleteImageBlobs(db: Database, input: { imageIds: readonly string[] }): Promise<void> {
  const ids = input.imageIds.filter(isUuid);
  if (ids.length === 0) return;
  await db.delete(imageBlobs).where(inArray(imageBlobs.imageId, ids));
}

/**
 * What deciding whether to serve a rendition needs: the image (live or pending) and its product's
 * business, status and creator. Not scoped to a business: an approved product's live images are
 * public, and the caller's right to anything else is decided from these columns.
 */
export async function getServableImage(
  db: Database,
  input: { productId: string; imageId: string },
): Promise<{ pending: boolean; widths: number[]; product: { businessId: string; status: ProductStatus; createdBy: string | null } } | null> {
  if (!isUuid(input.productId) || !isUuid(input.imageId)) return null;
  const [row] = await db
    .select({
      pending: productImages.pending,
      widths: productImages.widths,
      businessId: products.businessId,
      status: products.status,
      createdBy: products.createdBy,
    })
    .from(productImages)
    .innerJoin(products, and(eq(products.id, productImages.productId), eq(products.businessId, productImages.businessId)))
    .where(and(eq(productImages.id, input.imageId), eq(productImages.productId, input.productId)))
    .limit(1);
  if (!row) return null;
  return { pending: row.pending, widths: row.widths, product: { businessId: row.businessId, status: row.status, createdBy: row.createdBy } };
}
