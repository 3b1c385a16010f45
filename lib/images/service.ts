import "server-only";
import { getDb, transaction, type Database } from "@/db/client";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { assertCan, can, canViewProduct, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { getProductInBusiness, updateProductIfStatus, type ProductRow } from "@/lib/products/queries";
import { getOpenRevision, updateRevisionIfStatus, type RevisionRow } from "@/lib/products/revision-queries";
import { openRevisionForEdit } from "@/lib/products/revisions";
import type { RequestContext } from "@/lib/request-context";
import { getActiveUser } from "@/lib/users/queries";
import { processImage } from "./process";
import {
  deleteImageRows,
  getServableImage,
  insertImageRow,
  listProductImageRows,
  lockProductForImages,
  revisionImageDtos,
  toImageDto,
  updateImageRow,
  type GalleryEntry,
  type ImageRow,
} from "./queries";
import { imageWidthParamSchema, MAX_IMAGES_PER_PRODUCT, type ImageChangeDto, type ImageUpdateInput, type ProductGalleryDto, type ProductImageDto } from "./schemas";
import { imageStorage, type StoredRendition } from "./storage";

export { imagesMissingAlt, revisionImageDtos } from "./queries";

/**
 * The gallery an edit changes. A product that is not approved yet is edited directly (`revision` null):
 * its image rows are the gallery. An approved product keeps its live gallery until a change is approved:
 * the edit goes to its open revision's list, and new images wait as pending rows.
 */
type Gallery = { product: ProductRow; revision: RevisionRow | null; entries: GalleryEntry[]; rows: ImageRow[] };

function invalidTransition(detail: string): AppError {
  return new AppError("invalid_transition", detail);
}

/** A product of the actor's business that the actor may see, or 404 (never 403: another business's ids do not exist). */
async function requireVisibleProduct(db: Database, input: { actor: Actor; productId: string }): Promise<ProductRow> {
  const product = await getProductInBusiness(db, { businessId: input.actor.businessId, productId: input.productId });
  if (!product || !canViewProduct(input.actor, product)) throw notFound("Product");
  return product;
}

function assertNotAwaitingReview(actor: Actor, product: ProductRow): void {
  // As for the product's other fields: only an admin changes a product while it is being reviewed.
  if (product.status === "pending_approval" && actor.role !== "admin") {
    throw invalidTransition("A product pending approval cannot be edited; wait for the review.");
  }
}

/** Opens the gallery for an edit, in the edit's transaction, holding the lock that serialises gallery writes. */
async function openGallery(tx: Database, actor: Actor, productId: string): Promise<Gallery> {
  const seen = await requireVisibleProduct(tx, { actor, productId });
  const ref = { businessId: seen.businessId, productId: seen.id };
  if (seen.status === "approved") {
    // Approved is final (short of deletion), so the revision's own lock is the one to hold; a writer's
    // lock on the product row as well would take the two locks in the opposite order to an approval. The
    // product is kept from deletion first, though: the image row's reference would otherwise wait for a
    // delete that waits for this revision (a deadlock). A key-share lock lets an approval through.
    if (!(await getProductInBusiness(tx, { ...ref, lock: "key share" }))) throw notFound("Product");
    const revision = await openRevisionForEdit(tx, actor, seen);
    const rows = await listProductImageRows(tx, ref);
    const stored = new Set(rows.map((row) => row.id));
    return { product: seen, revision, entries: revision.images.filter((entry) => stored.has(entry.id)), rows };
  }
  const product = await lockProductForImages(tx, ref);
  if (!product || !canViewProduct(actor, product)) throw notFound("Product");
  if (product.status === "approved") throw invalidTransition("The product was approved while you were editing it; reload and try again.");
  assertNotAwaitingReview(actor, product);
  // The gallery is part of what a reviewer approves: whoever changes it is an editor of this version,
  // and so may not also approve it, as for the product's other fields.
  const edited = product.editedBy === actor.id ? product : await updateProductIfStatus(tx, { ...ref, expected: product.status, set: { editedBy: actor.id } });
  if (!edited) throw invalidTransition("The product changed while you were editing it; reload and try again.");
  const rows = await listProductImageRows(tx, { ...ref, pending: false });
  return { product: edited, revision: null, entries: rows.map((row) => ({ id: row.id, alt: row.alt })), rows };
}

/** Writes the gallery's new order and alt texts: to the revision's list, or onto the image rows. */
async function saveGallery(tx: Database, gallery: Gallery, next: GalleryEntry[]): Promise<void> {
  const { product, revision } = gallery;
  if (revision) {
    const saved = await updateRevisionIfStatus(tx, { businessId: product.businessId, revisionId: revision.id, expected: [revision.status], set: { images: next } });
    if (!saved) throw invalidTransition("The product's pending change moved on while you were editing it; reload and try again.");
    return;
  }
  const byId = new Map(gallery.rows.map((row) => [row.id, row]));
  for (const [position, entry] of next.entries()) {
    const row = byId.get(entry.id);
    if (row && (row.position !== position || row.alt !== entry.alt)) {
      await updateImageRow(tx, { businessId: product.businessId, productId: product.id, imageId: entry.id, set: { position, alt: entry.alt } });
    }
  }
}

async function galleryDtos(db: Database, gallery: Pick<Gallery, "product" | "revision" | "rows">, entries: GalleryEntry[]): Promise<ProductImageDto[]> {
  if (gallery.revision) return revisionImageDtos(db, { productId: gallery.product.id, businessId: gallery.product.businessId, images: entries });
  const byId = new Map(gallery.rows.map((row) => [row.id, row]));
  return entries.flatMap((entry, position) => {
    const row = byId.get(entry.id);
    return row ? [toImageDto({ ...row, alt: entry.alt, position })] : [];
  });
}

function revisionRef(revision: RevisionRow | null): ProductGalleryDto["revision"] {
  return revision ? { id: revision.id, status: revision.status } : null;
}

function auditImage(
  tx: Database,
  input: { actor: Actor; action: AuditInput["action"]; gallery: Gallery; summary: Record<string, unknown> },
  ctx: RequestContext,
): Promise<void> {
  const { actor, action, gallery, summary } = input;
  return recordAudit(tx, {
    actor,
    action,
    entityType: "product",
    entityId: gallery.product.id,
    summary: { name: gallery.product.name, revision: gallery.revision?.id ?? null, ...summary },
    requestId: ctx.requestId,
  });
}

function findEntry(gallery: Gallery, imageId: string): number {
  const index = gallery.entries.findIndex((entry) => entry.id === imageId);
  if (index === -1) throw notFound("Image");
  return index;
}

/**
 * product:read_unapproved. The gallery as the image manager edits it: an approved product's open change
 * when it has one (pending images included), else the product's images. 404 when the product is not visible.
 */
export async function listProductImages(actor: Actor, input: { productId: string }): Promise<ProductGalleryDto> {
  assertCan(actor, "product:read_unapproved");
  const db = getDb();
  const product = await requireVisibleProduct(db, { actor, productId: input.productId });
  const ref = { businessId: product.businessId, productId: product.id };
  const open = product.status === "approved" ? await getOpenRevision(db, ref) : null;
  // An approver sees a change once it is submitted, as with a new product: until then, the live gallery.
  const revision = open && canViewProduct(actor, open) ? open : null;
  if (revision) return { images: await revisionImageDtos(db, { ...ref, images: revision.images }), revision: revisionRef(revision) };
  const rows = await listProductImageRows(db, { ...ref, pending: false });
  return { images: rows.map((row, position) => toImageDto({ ...row, position })), revision: null };
}

/**
 * product:update. Checks and resizes the upload (400 not an image, 413 over 5 MB) and adds it last, with
 * its renditions, in one transaction. An approved product gets it in its open revision (opened if need be),
 * as a pending image. 404 product not visible; 409 at MAX_IMAGES_PER_PRODUCT images, or while under review
 * (editors). Audited as product.image_add.
 */
export async function addProductImage(
  actor: Actor,
  input: { productId: string; bytes: Uint8Array; alt?: string },
  ctx: RequestContext = {},
): Promise<ImageChangeDto> {
  assertCan(actor, "product:update");
  // Refuse what the caller may not do before spending a second of CPU on the picture.
  assertNotAwaitingReview(actor, await requireVisibleProduct(getDb(), { actor, productId: input.productId }));
  const processed = await processImage(input.bytes);
  const alt = input.alt ?? "";
  return transaction(async (tx) => {
    const gallery = await openGallery(tx, actor, input.productId);
    if (gallery.entries.length >= MAX_IMAGES_PER_PRODUCT) {
      throw new AppError("conflict", `A product has at most ${MAX_IMAGES_PER_PRODUCT} images; remove one before adding another.`, {
        fields: { file: [`At most ${MAX_IMAGES_PER_PRODUCT} images per product.`] },
      });
    }
    const { product, revision } = gallery;
    const row = await insertImageRow(tx, {
      productId: product.id,
      businessId: product.businessId,
      position: gallery.entries.length,
      alt,
      pending: revision !== null,
      widths: processed.renditions.map((rendition) => rendition.width),
      originalWidth: processed.original.width,
      originalHeight: processed.original.height,
      originalType: processed.original.type,
      originalBytes: processed.original.bytes,
      createdBy: actor.id,
    });
    await imageStorage().put(tx, { imageId: row.id, renditions: processed.renditions });
    const next = [...gallery.entries, { id: row.id, alt }];
    if (revision) await saveGallery(tx, gallery, next);
    const withRow = { ...gallery, rows: [...gallery.rows, row] };
    const images = await galleryDtos(tx, withRow, next);
    const summary = { imageId: row.id, alt, position: next.length - 1, widths: row.widths, original: processed.original };
    await auditImage(tx, { actor, action: "product.image_add", gallery, summary }, ctx);
    return { image: images.find((image) => image.id === row.id)!, images, revision: revisionRef(revision) };
  });
}

/**
 * product:update. Changes an image's alt text and/or moves it to `position` (the others shift), in one
 * transaction; for an approved product, in its open revision. 404 product or image not found; 400 position
 * past the last image; 409 while under review (editors). Audited as product.image_update.
 */
export async function updateProductImage(
  actor: Actor,
  input: { productId: string; imageId: string; changes: ImageUpdateInput },
  ctx: RequestContext = {},
): Promise<ImageChangeDto> {
  assertCan(actor, "product:update");
  return transaction(async (tx) => {
    const gallery = await openGallery(tx, actor, input.productId);
    const from = findEntry(gallery, input.imageId);
    const last = gallery.entries.length - 1;
    const to = input.changes.position ?? from;
    if (to > last) {
      const detail = `Position must be between 0 and ${last}: the gallery has ${last + 1} image${last === 0 ? "" : "s"}.`;
      throw new AppError("invalid_request", detail, { fields: { position: [detail] } });
    }
    const before = gallery.entries[from]!;
    const moved = { id: before.id, alt: input.changes.alt ?? before.alt };
    const next = gallery.entries.filter((_, index) => index !== from);
    next.splice(to, 0, moved);
    await saveGallery(tx, gallery, next);
    const images = await galleryDtos(tx, gallery, next);
    const summary = { imageId: moved.id, before: { alt: before.alt, position: from }, after: { alt: moved.alt, position: to } };
    await auditImage(tx, { actor, action: "product.image_update", gallery, summary }, ctx);
    return { image: images.find((image) => image.id === moved.id)!, images, revision: revisionRef(gallery.revision) };
  });
}

/**
 * product:update. Removes an image; the ones after it close up. For an approved product it leaves the
 * open revision's gallery (a pending image is deleted, a live one stays live until the change is approved).
 * 404 product or image not found; 409 while under review (editors). Audited as product.image_remove.
 */
export async function removeProductImage(
  actor: Actor,
  input: { productId: string; imageId: string },
  ctx: RequestContext = {},
): Promise<void> {
  assertCan(actor, "product:update");
  await transaction(async (tx) => {
    const gallery = await openGallery(tx, actor, input.productId);
    const index = findEntry(gallery, input.imageId);
    const removed = gallery.entries[index]!;
    const next = gallery.entries.filter((_, at) => at !== index);
    const row = gallery.rows.find((candidate) => candidate.id === removed.id);
    const { product } = gallery;
    if (!gallery.revision || row?.pending) {
      await imageStorage().delete(tx, { imageIds: [removed.id] });
      await deleteImageRows(tx, { businessId: product.businessId, productId: product.id, imageIds: [removed.id] });
    }
    await saveGallery(tx, { ...gallery, rows: gallery.rows.filter((candidate) => candidate.id !== removed.id) }, next);
    await auditImage(tx, { actor, action: "product.image_remove", gallery, summary: { imageId: removed.id, alt: removed.alt, position: index } }, ctx);
  });
}

/**
 * Makes an approved revision's gallery the live one, in the approval's transaction: the listed images
 * become live in the listed order with the listed alt texts; every other image of the product (live
 * ones the revision dropped, pending ones it no longer lists) is deleted with its renditions.
 */
export async function applyRevisionImages(
  tx: Database,
  input: { productId: string; businessId: string; images: readonly GalleryEntry[] },
): Promise<ProductImageDto[]> {
  const ref = { businessId: input.businessId, productId: input.productId };
  const rows = await listProductImageRows(tx, ref);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const listed = input.images.filter((entry, index) => byId.has(entry.id) && input.images.findIndex((other) => other.id === entry.id) === index);
  const kept = new Set(listed.map((entry) => entry.id));
  const dropped = rows.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (dropped.length > 0) {
    await imageStorage().delete(tx, { imageIds: dropped });
    await deleteImageRows(tx, { ...ref, imageIds: dropped });
  }
  const live: ProductImageDto[] = [];
  for (const [position, entry] of listed.entries()) {
    const row = byId.get(entry.id)!;
    const changed = row.pending || row.position !== position || row.alt !== entry.alt;
    const after = changed ? await updateImageRow(tx, { ...ref, imageId: row.id, set: { pending: false, position, alt: entry.alt } }) : row;
    live.push(toImageDto(after ?? row));
  }
  return live;
}

/** The member behind a browser session (next-auth cookie) while their account is active, else null. */
export async function activeMember(input: { userId: string | null }): Promise<Actor | null> {
  if (!input.userId) return null;
  const user = await getActiveUser(getDb(), { userId: input.userId });
  return user ? { id: user.id, role: user.role, businessId: user.businessId } : null;
}

/**
 * Anyone: one stored width of an image. `public` when its product is approved and the image live — then
 * no caller is looked up. Otherwise only staff of the product's business who may see the product get it,
 * and `viewer` is asked who is calling (an <img> request carries a cookie, not a bearer token). Every
 * other case, a width not stored included, is 404.
 */
export async function getImageRendition(
  input: { productId: string; imageId: string; width: string },
  options: { viewer: () => Promise<Actor | null> },
): Promise<{ rendition: StoredRendition; public: boolean }> {
  const width = imageWidthParamSchema.safeParse(input.width);
  if (!width.success) throw notFound("Image");
  const db = getDb();
  const image = await getServableImage(db, input);
  if (!image || !image.widths.includes(width.data)) throw notFound("Image");
  const isPublic = image.product.status === "approved" && !image.pending;
  if (!isPublic) {
    const actor = await options.viewer();
    const staffOfBusiness = actor !== null && actor.businessId === image.product.businessId && can(actor.role, "product:read_unapproved");
    // A pending image of an approved product belongs to its open change: seen by whoever may see that
    // change (an approver only once it is submitted), not by all who see the live product.
    const change =
      staffOfBusiness && image.pending && image.product.status === "approved"
        ? await getOpenRevision(db, { businessId: image.product.businessId, productId: input.productId })
        : null;
    if (!staffOfBusiness || !canViewProduct(actor, change ?? image.product)) throw notFound("Image");
  }
  const rendition = await imageStorage().get(db, { imageId: input.imageId, width: width.data });
  if (!rendition) throw notFound("Image");
  return { rendition, public: isPublic };
}
