import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { REVISED_FIELDS, type RevisedField } from "./diff";
import { getProductInBusiness, type ProductRow } from "./queries";
import { getOpenRevision, insertOpenRevision, liveGallery, updateRevisionIfStatus, type RevisionRow } from "./revision-queries";

/*
 * An approved product is edited through a revision: the approved version stays public and purchasable
 * while the change goes through the same review as a new product, and approving it replaces the live
 * content at once (lib/products/diff.ts names the reviewed fields).
 */

export function invalidTransition(detail: string): AppError {
  return new AppError("invalid_transition", detail);
}

type ReviewedContent = { [field in RevisedField]: string | null } & { images: readonly { id: string; alt: string }[] };

/**
 * Names the content under review: the reviewed fields and the gallery (ids, order, alt text), not the
 * stock or who touched it. A reviewer sends back the version they read, so an approval or a rejection
 * meets the words and pictures they saw or is refused (assertReviewedVersion).
 */
export function reviewVersion(content: ReviewedContent): string {
  const canonical = [...REVISED_FIELDS.map((field) => content[field] ?? null), content.images.map((image) => [image.id, image.alt])];
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url").slice(0, 22);
}

/** 409 when the version under review is not the one the reviewer read; no version sent checks nothing. */
export function assertReviewedVersion(current: ReviewedContent, expected: string | undefined): void {
  if (expected === undefined || reviewVersion(current) === expected) return;
  throw new AppError("conflict", "This product was changed after you opened it. Review what it says now, then decide again.");
}

/**
 * The open revision of an approved product, ready to take the actor's edit: an existing draft as it is, a
 * rejected one back to draft, a pending one only for an admin (editors wait for the review, as with a
 * pending product), or else a new draft copying the live content and gallery. The actor becomes its
 * editor (separation of duties: they may not also approve it). Runs in the caller's transaction.
 */
export async function openRevisionForEdit(tx: Database, actor: Actor, product: ProductRow): Promise<RevisionRow> {
  if (product.status !== "approved") throw invalidTransition("Only an approved product is edited through a revision.");
  const ref = { businessId: product.businessId, productId: product.id };
  let open = await getOpenRevision(tx, { ...ref, lock: true });
  if (!open) {
    // The live content as it is now: `product` was read before that lock, which an approval of the change
    // may have held; a copy of the version it replaced would undo the approval once this change is approved.
    const live = await getProductInBusiness(tx, ref);
    if (!live || live.status !== "approved") throw invalidTransition("The product changed while you were editing it; reload and try again.");
    open = await insertOpenRevision(tx, {
      ...ref,
      name: live.name,
      description: live.description,
      price: live.price,
      sku: live.sku,
      category: live.category,
      images: await liveGallery(tx, ref),
      status: "draft",
      createdBy: actor.id,
      editedBy: actor.id,
      editors: [actor.id],
    });
    if (open) return open;
    // Another editor opened one at the same moment: edit theirs, as if it had been there first — by the
    // same rules (it may already be pending review) and with this actor as its editor.
    open = await getOpenRevision(tx, { ...ref, lock: true });
    if (!open) throw invalidTransition("The product changed while you were editing it; reload and try again.");
  }
  if (open.status === "pending_approval" && actor.role !== "admin") {
    throw invalidTransition("A change to this product is pending approval and cannot be edited; wait for the review.");
  }
  const edited = await updateRevisionIfStatus(tx, {
    businessId: product.businessId,
    revisionId: open.id,
    expected: [open.status],
    set: { editedBy: actor.id, ...(open.status === "rejected" ? { status: "draft" as const } : {}) },
  });
  if (!edited) throw invalidTransition("The product changed while you were editing it; reload and try again.");
  return edited;
}
