import "server-only";
import { getDb, isUniqueViolation, transaction, type Database } from "@/db/client";
import type { ProductStatus } from "@/db/schema";
import { listAuditEntries } from "@/lib/audit/queries";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { assertCan, can, canViewProduct, visibleStatuses, type Action, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { imagesMissingAlt, listLiveImages, revisionImageDtos, type ProductImageDto } from "@/lib/images/queries";
import { deleteProductEmbedding } from "@/lib/embeddings/queries";
import { requestEmbeddingSync } from "@/lib/embeddings/sync";
import { productEmbeddingText } from "@/lib/embeddings/text";
import { applyRevisionImages } from "@/lib/images/service";
import type { RequestContext } from "@/lib/request-context";
import { pageWindow } from "@/lib/pagination";
import {
  deleteProductRow,
  findTakenSkus,
  getApprovedProductRow,
  getProductById,
  getProductInBusiness,
  toPrefixTsquery,
  insertProduct,
  listApprovedProducts,
  listApprovedProductsByIds as listApprovedProductRowsByIds,
  listBusinessProducts,
  toProductDto,
  toPublicProductDto,
  updateProductIfStatus,
  type ListResult,
  type ProductInsert,
  type ProductRow,
} from "./queries";
import {
  applyRevisionToProduct,
  getOpenRevision,
  getProductsInBusiness,
  getRevisionsByIds,
  listPendingReviews,
  memberNames,
  listOpenRevisions,
  liveGallery,
  updateProductStock,
  updateRevisionIfStatus,
  type RevisionInsert,
  type RevisionRow,
} from "./revision-queries";
import { cachedCatalogAnswer } from "./catalog-cache";
import { REVISED_FIELDS, revisionChanges } from "./diff";
import { assertReviewedVersion, invalidTransition, openRevisionForEdit, reviewVersion } from "./revisions";
import type {
  InternalListQuery,
  ListedProductDto,
  ProductCreateInput,
  ProductDto,
  ProductFormOutput,
  ProductHistoryEntry,
  ProductUpdateInput,
  PublicListQuery,
  PublicProductDto,
  ReviewItemDto,
  ReviewsQuery,
  RevisionChangeDto,
  RevisionDto,
  StaffProductDto,
} from "./schemas";


/** The part of a product an audit entry keeps as its before/after picture. */
function auditPicture(row: ProductRow) {
  return {
    name: row.name,
    price: row.price,
    sku: row.sku,
    category: row.category,
    stock: row.stock,
    status: row.status,
  };
}

/** A new product of the actor's business, created by the actor: the one shape create and import insert. */
export function newProductValues(input: { actor: Actor; fields: ProductFormOutput; status: ProductStatus }): ProductInsert {
  const { actor, fields, status } = input;
  return {
    businessId: actor.businessId,
    createdBy: actor.id,
    status,
    name: fields.name,
    description: fields.description,
    price: fields.price,
    sku: fields.sku ?? null,
    category: fields.category ?? null,
    stock: fields.stock ?? null,
    ...(status === "pending_approval" ? { submittedAt: new Date(), submittedBy: actor.id } : {}),
  };
}

/** 409 naming the SKU asked for and, when known, the spelling another product holds it with. */
function skuConflict(sku: string | null, stored?: string): AppError {
  if (sku === null) {
    return new AppError("conflict", "Another product of this business already uses that SKU.", { fields: { sku: ["This SKU is already in use."] } });
  }
  const other = stored === undefined || stored === sku ? "" : ` as "${stored}"`;
  const field = `SKU "${sku}" is already used by another product${other}${other ? " (SKUs match whatever their case)" : ""}.`;
  return new AppError("conflict", `SKU "${sku}" is already used by another product of this business${other}; SKUs are unique whatever their case.`, {
    fields: { sku: [field] },
  });
}

/**
 * A write refused by the SKU's unique index: 409 naming the SKU written and the spelling that holds it
 * (read after the refused transaction ended). Any other error goes on as it was.
 */
async function skuTaken(error: unknown, input: { businessId: string; sku?: string | null; productId?: string }): Promise<never> {
  if (!isUniqueViolation(error)) throw error;
  if (!input.sku) throw skuConflict(null);
  const taken = await findTakenSkus(getDb(), { businessId: input.businessId, skus: [input.sku], exceptProductId: input.productId });
  throw skuConflict(input.sku, taken.get(input.sku));
}

/** 409 before a write, when another product of the business holds the SKU in any case. */
async function assertSkuFree(tx: Database, input: { businessId: string; sku: string | null | undefined; productId: string }): Promise<void> {
  if (!input.sku) return;
  const taken = await findTakenSkus(tx, { businessId: input.businessId, skus: [input.sku], exceptProductId: input.productId });
  const stored = taken.get(input.sku);
  if (stored !== undefined) throw skuConflict(input.sku, stored);
}

/** The audit entry of one product change, written in the change's own transaction. */
function auditProduct(
  tx: Database,
  input: { actor: Actor; action: AuditInput["action"]; productId: string; summary: Record<string, unknown> },
  ctx: RequestContext,
): Promise<void> {
  const { actor, action, productId, summary } = input;
  return recordAudit(tx, { actor, action, entityType: "product", entityId: productId, summary, requestId: ctx.requestId });
}

/** Loads a product of the actor's business that the actor may see, or throws 404. */
async function requireVisibleProduct(db: Database, input: { actor: Actor; productId: string }): Promise<ProductRow> {
  const { actor, productId } = input;
  const row = await getProductInBusiness(db, { businessId: actor.businessId, productId });
  if (!row || !canViewProduct(actor, row)) throw notFound("Product");
  return row;
}

/** Each row as its DTO with its live gallery: one images query for the whole list. */
async function withImages<T>(db: Database, rows: ProductRow[], toDto: (row: ProductRow, images: ProductImageDto[]) => T): Promise<T[]> {
  const images = await listLiveImages(db, { productIds: rows.map((row) => row.id) });
  return rows.map((row) => toDto(row, images.get(row.id) ?? []));
}

async function productDto(db: Database, row: ProductRow): Promise<ProductDto> {
  return (await withImages(db, [row], toProductDto))[0]!;
}

/** What staff get back from a change: the live product and its open revision. */
/**
 * A read (`reader`) gets the open revision only when the reader may see a product in its status (an
 * approver: a pending one). A write's answer shows its author what they just changed or decided.
 */
async function staffProductDto(db: Database, row: ProductRow, reader?: Actor): Promise<StaffProductDto> {
  const revision = row.status === "approved" ? await getOpenRevision(db, { businessId: row.businessId, productId: row.id }) : null;
  const open = revision && (!reader || canViewProduct(reader, revision)) ? revision : null;
  const product = await productDto(db, row);
  return { ...product, revision: open ? await revisionDto(db, open) : null, reviewVersion: reviewVersion(open ?? product) };
}

async function revisionDto(db: Database, row: RevisionRow): Promise<RevisionDto> {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    description: row.description,
    price: row.price,
    sku: row.sku,
    category: row.category,
    images: await revisionImageDtos(db, { productId: row.productId, businessId: row.businessId, images: row.images }),
    createdBy: row.createdBy,
    editedBy: row.editedBy,
    submittedBy: row.submittedBy,
    editors: row.editors,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    rejectionReason: row.rejectionReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** product:create. New products are drafts unless the caller asks for pending_approval. 409 conflict on a taken SKU. */
export async function createProduct(
  actor: Actor,
  input: ProductCreateInput,
  ctx: RequestContext = {},
): Promise<ProductDto> {
  assertCan(actor, "product:create");
  const { status = "draft", ...fields } = input;
  try {
    return await transaction(async (tx) => {
      const row = await insertProduct(tx, newProductValues({ actor, fields, status }));
      const summary = { after: auditPicture(row) };
      await auditProduct(tx, { actor, action: "product.create", productId: row.id, summary }, ctx);
      return productDto(tx, row);
    });
  } catch (error) {
    return skuTaken(error, { businessId: actor.businessId, sku: fields.sku });
  }
}

/**
 * product:update. A draft or rejected product is edited in place (a rejected one becomes a draft again);
 * `status: "pending_approval"` also submits it. Only an admin may edit a pending product (editors get 409
 * invalid_transition). An approved product stays live: its reviewed fields go to its open revision
 * (lib/products/revisions.ts). Stock is operational: it changes on the live row in any status, audited,
 * without review. 404 when not visible, 409 on a race or a taken SKU.
 */
export async function updateProduct(
  actor: Actor,
  input: { productId: string; changes: ProductUpdateInput },
  ctx: RequestContext = {},
): Promise<StaffProductDto> {
  assertCan(actor, "product:update");
  const { changes } = input;
  const revises = REVISED_FIELDS.some((field) => changes[field] !== undefined) || changes.status !== undefined;
  try {
    return await transaction(async (tx) => {
      let before = await requireVisibleProduct(tx, { actor, productId: input.productId });
      if (changes.stock !== undefined && before.stock !== changes.stock) {
        // A stock already at the new figure is nothing to change, whatever the editor saw before it.
        if (changes.expectedStock !== undefined && before.stock !== changes.expectedStock) throw stockMoved(before.stock);
        before = await changeStock(tx, { actor, product: before, stock: changes.stock, expected: changes.expectedStock }, ctx);
      }
      if (!revises) return staffProductDto(tx, before);
      if (before.status === "approved") {
        await reviseLiveProduct(tx, { actor, product: before, changes }, ctx);
        return staffProductDto(tx, before);
      }
      if (before.status === "pending_approval" && actor.role !== "admin") {
        throw invalidTransition("A product pending approval cannot be edited; wait for the review.");
      }
      let next: ProductStatus = before.status;
      if (changes.status === "pending_approval") next = "pending_approval";
      else if (before.status === "rejected") next = "draft";
      if (next === "pending_approval" && before.status !== "pending_approval") {
        await assertImagesDescribed(tx, { productId: before.id, businessId: before.businessId, images: null });
      }

      // editedBy names who wrote the version now under review: they may not also review it.
      const set: Partial<ProductInsert> = { status: next, editedBy: actor.id };
      for (const field of REVISED_FIELDS) {
        if (changes[field] !== undefined) Object.assign(set, { [field]: changes[field] });
      }
      if (next === "pending_approval" && before.status !== "pending_approval") {
        Object.assign(set, { submittedAt: new Date(), submittedBy: actor.id, rejectionReason: null });
      }

      const after = await updateProductIfStatus(tx, {
        businessId: actor.businessId,
        productId: before.id,
        expected: before.status,
        set,
      });
      if (!after) throw invalidTransition("The product changed while you were editing it; reload and try again.");
      const summary = {
        changed: REVISED_FIELDS.filter((field) => changes[field] !== undefined),
        before: auditPicture(before),
        after: auditPicture(after),
      };
      await auditProduct(tx, { actor, action: "product.update", productId: after.id, summary }, ctx);
      return staffProductDto(tx, after);
    });
  } catch (error) {
    return skuTaken(error, { businessId: actor.businessId, sku: changes.sku, productId: input.productId });
  }
}

/** Stock on the live row, audited on its own: restocking never takes a product off sale. */
/** 409 naming the stock now: it moved since the editor read it (a sale, another editor). */
function stockMoved(now: number | null): AppError {
  const current = now === null ? "unlimited" : String(now);
  return new AppError("conflict", `The stock changed to ${current} since you opened it (a sale or another editor); check it and save again.`, {
    fields: { stock: [`The stock is now ${current}: it changed since you opened it. Save again to replace it.`] },
  });
}

async function changeStock(
  tx: Database,
  input: { actor: Actor; product: ProductRow; stock: number | null; expected?: number | null },
  ctx: RequestContext,
): Promise<ProductRow> {
  const { actor, product, stock } = input;
  const after = await updateProductStock(tx, { businessId: product.businessId, productId: product.id, stock, expected: input.expected });
  if (!after) {
    const now = input.expected === undefined ? null : await getProductInBusiness(tx, { businessId: product.businessId, productId: product.id });
    throw now ? stockMoved(now.stock) : notFound("Product");
  }
  const summary = { name: product.name, before: product.stock, after: after.stock };
  await auditProduct(tx, { actor, action: "product.stock_update", productId: product.id, summary }, ctx);
  return after;
}

/** The reviewed fields of an approved product go to its open revision; the live version is untouched. */
async function reviseLiveProduct(
  tx: Database,
  input: { actor: Actor; product: ProductRow; changes: ProductUpdateInput },
  ctx: RequestContext,
): Promise<RevisionRow> {
  const { actor, product, changes } = input;
  const onlySubmits = REVISED_FIELDS.every((field) => changes[field] === undefined);
  if (onlySubmits && !(await getOpenRevision(tx, { businessId: product.businessId, productId: product.id }))) {
    throw invalidTransition("This product is live and has no change to submit.");
  }
  // A revision's SKU meets the unique index only when it is approved: refuse a taken one now, not then.
  if (changes.sku !== product.sku) await assertSkuFree(tx, { businessId: product.businessId, sku: changes.sku, productId: product.id });
  const open = await openRevisionForEdit(tx, actor, product);
  const set: Partial<RevisionInsert> = {};
  for (const field of REVISED_FIELDS) {
    if (changes[field] !== undefined) Object.assign(set, { [field]: changes[field] });
  }
  const submits = changes.status === "pending_approval" && open.status !== "pending_approval";
  if (submits) {
    await assertImagesDescribed(tx, { productId: product.id, businessId: product.businessId, images: open.images });
    Object.assign(set, { status: "pending_approval", submittedAt: new Date(), submittedBy: actor.id, rejectionReason: null });
  }
  const after = await updateRevisionIfStatus(tx, { businessId: product.businessId, revisionId: open.id, expected: [open.status], set });
  if (!after) throw invalidTransition("The product changed while you were editing it; reload and try again.");
  const summary = {
    revision: after.id,
    changed: REVISED_FIELDS.filter((field) => changes[field] !== undefined),
    before: auditPicture(product),
    after: { ...revisionPicture(after), status: after.status },
  };
  await auditProduct(tx, { actor, action: submits ? "product.submit" : "product.update", productId: product.id, summary }, ctx);
  return after;
}

/**
 * Publishing needs a description of every picture (alt text): a submit is refused with 400 naming how many
 * lack one, and so is an approval (409: the approver's request is sound, the version is not ready) — the
 * version reviewed is the one published, whatever reached it after its submit.
 */
async function assertImagesDescribed(
  tx: Database,
  input: { productId: string; businessId: string; images: { id: string; alt: string }[] | null; step?: "submit" | "approve" },
): Promise<void> {
  const missing = await imagesMissingAlt(tx, input);
  if (missing === 0) return;
  const lacking = `${missing} ${missing === 1 ? "image has" : "images have"} no alt text`;
  if (input.step === "approve") {
    const message = `This version cannot go live: ${lacking}. Describe every image, or reject the version so its editor can.`;
    throw new AppError("conflict", message, { fields: { images: [message] } });
  }
  const message = `Describe every image before submitting: ${lacking}.`;
  throw new AppError("invalid_request", message, { fields: { images: [message] } });
}

function revisionPicture(row: RevisionRow) {
  return { name: row.name, price: row.price, sku: row.sku, category: row.category };
}

/** The reviewed transitions: the permission each needs, its audit action and the statuses it leaves. */
const TRANSITIONS = {
  submit: { permission: "product:submit", auditAction: "product.submit", from: ["draft", "rejected"] },
  approve: { permission: "product:approve", auditAction: "product.approve", from: ["pending_approval"] },
  reject: { permission: "product:reject", auditAction: "product.reject", from: ["pending_approval"] },
} as const satisfies Record<
  string,
  { permission: Action; auditAction: AuditInput["action"]; from: readonly ProductStatus[] }
>;

const REVIEW_OUTCOMES: readonly ProductStatus[] = ["approved", "rejected"];

async function transition(
  actor: Actor,
  input: {
    productId: string;
    kind: keyof typeof TRANSITIONS;
    set: Partial<ProductInsert>;
    summary?: Record<string, unknown>;
    /** The reviewVersion the reviewer read: refused (409) when the version under review differs. */
    version?: string;
  },
  ctx: RequestContext,
): Promise<ProductDto> {
  const { permission, auditAction, from } = TRANSITIONS[input.kind];
  assertCan(actor, permission);
  // Approving a revision writes its SKU onto the live row, where the unique index has the last word.
  return transaction(async (tx) => {
    // Locked so the version checked is the version written (a new product's gallery writes lock this row
    // too). A live product's change is locked after it, as its approval always did; writers of the change
    // hold only the revision's lock, and the foreign-key checks they make on this row pass this lock.
    const before = await getProductInBusiness(tx, { businessId: actor.businessId, productId: input.productId, lock: true });
    if (!before) throw notFound("Product");
    if (!canViewProduct(actor, before)) {
      // A reviewer who lost a race to a competing review may no longer see the product (approvers do
      // not see rejected ones): they learn it moved on, not that it vanished, and nothing of its state.
      if (REVIEW_OUTCOMES.includes(before.status) && (from as readonly string[]).includes("pending_approval")) {
        throw invalidTransition(`Cannot ${input.kind} this product: it is no longer pending approval.`);
      }
      throw notFound("Product");
    }
    if (before.status === "approved") {
      const open = await getOpenRevision(tx, { businessId: before.businessId, productId: before.id, lock: true });
      // A change the caller may not see (an approver, before it is submitted) is answered as no change at all.
      if (open && canViewProduct(actor, open)) {
        const reason = input.summary?.reason as string | undefined;
        return reviewRevision(tx, { actor, product: before, revision: open, kind: input.kind, reason, version: input.version }, ctx);
      }
    }
    assertCan(actor, permission, before);
    if (input.version !== undefined && (from as readonly ProductStatus[]).includes(before.status)) {
      assertReviewedVersion({ ...before, images: await liveGallery(tx, { businessId: before.businessId, productId: before.id }) }, input.version);
    }
    // Only a version that can take this step: the loser of a race learns the transition is gone (below).
    if (input.kind !== "reject" && (from as readonly ProductStatus[]).includes(before.status)) {
      await assertImagesDescribed(tx, { productId: before.id, businessId: before.businessId, images: null, step: input.kind });
    }
    const after = await updateProductIfStatus(tx, {
      businessId: actor.businessId,
      productId: before.id,
      expected: from,
      set: input.set,
    });
    if (!after) {
      // Also the loser of a race: the winner's update made the expected status stale.
      throw invalidTransition(`Cannot ${input.kind} a product that is ${before.status.replace("_", " ")}.`);
    }
    const summary = { from: before.status, to: after.status, name: after.name, ...input.summary };
    await auditProduct(tx, { actor, action: auditAction, productId: after.id, summary }, ctx);
    return staffProductDto(tx, after);
  })
    .catch((error: unknown) => skuTaken(error, { businessId: actor.businessId }))
    .then((product) => {
      // After the commit, so the background sync reads the approved version (a new product or a revision).
      if (input.kind === "approve") requestEmbeddingSync(actor.businessId);
      return product;
    });
}

/**
 * Submit, approve or reject the open revision of a live product: the same state machine and separation of
 * duties as a new product (an approver who created, edited or submitted the revision may not review it).
 * Approving copies the revision onto the product and its gallery in this one transaction.
 */
async function reviewRevision(
  tx: Database,
  input: { actor: Actor; product: ProductRow; revision: RevisionRow; kind: keyof typeof TRANSITIONS; reason?: string; version?: string },
  ctx: RequestContext,
): Promise<StaffProductDto> {
  const { actor, product, revision, kind } = input;
  const { permission, auditAction, from } = TRANSITIONS[kind];
  assertCan(actor, permission, revision);
  if (!(from as readonly ProductStatus[]).includes(revision.status)) {
    throw invalidTransition(`Cannot ${kind} this change: it is ${revision.status.replace("_", " ")}.`);
  }
  assertReviewedVersion(revision, input.version);
  const now = new Date();
  const set: Partial<RevisionInsert> =
    kind === "submit"
      ? { status: "pending_approval", submittedAt: now, submittedBy: actor.id, rejectionReason: null }
      : kind === "approve"
        ? { status: "approved", approvedBy: actor.id, approvedAt: now, rejectionReason: null }
        : { status: "rejected", rejectionReason: input.reason ?? null };
  if (kind !== "reject") await assertImagesDescribed(tx, { productId: product.id, businessId: product.businessId, images: revision.images, step: kind });
  const changes = revisionChanges({ ...product, images: await liveGallery(tx, { businessId: product.businessId, productId: product.id }) }, revision);
  const after = await updateRevisionIfStatus(tx, { businessId: product.businessId, revisionId: revision.id, expected: [revision.status], set });
  if (!after) throw invalidTransition(`Cannot ${kind} this change: it changed meanwhile.`);
  let live = product;
  if (kind === "approve") {
    // The SKU meets the unique index now: named here, since the refused write leaves nothing to read it from.
    if (after.sku !== product.sku) await assertSkuFree(tx, { businessId: product.businessId, sku: after.sku, productId: product.id });
    const applied = await applyRevisionToProduct(tx, { revision: after, approvedBy: actor.id, approvedAt: now }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? skuConflict(after.sku) : error;
    });
    if (!applied) throw invalidTransition("Cannot approve this change: the product is no longer live.");
    // The stored vector was made from the old text: until the new one is embedded (after the commit, and
    // perhaps only by a later run if the endpoint fails), the product is found by its words alone.
    if (productEmbeddingText(applied) !== productEmbeddingText(product)) await deleteProductEmbedding(tx, { businessId: product.businessId, productId: product.id });
    await applyRevisionImages(tx, { productId: product.id, businessId: product.businessId, images: after.images });
    live = applied;
  }
  const summary = {
    revision: revision.id,
    from: revision.status,
    to: after.status,
    name: after.name,
    changed: changes.map((change) => change.field),
    ...(kind === "approve" ? { before: auditPicture(product), after: auditPicture(live) } : {}),
    ...(kind === "reject" ? { reason: input.reason } : {}),
  };
  await auditProduct(tx, { actor, action: auditAction, productId: product.id, summary }, ctx);
  return staffProductDto(tx, live);
}

/** product:submit. draft | rejected → pending_approval; otherwise 409 invalid_transition. */
export function submitProduct(actor: Actor, input: { productId: string }, ctx: RequestContext = {}): Promise<ProductDto> {
  const set = { status: "pending_approval", submittedAt: new Date(), submittedBy: actor.id, rejectionReason: null } as const;
  return transition(actor, { productId: input.productId, kind: "submit", set }, ctx);
}

/**
 * product:approve (never by an approver who created, edited or submitted this version: 403). pending_approval
 * → approved; else 409. With `version` (the reviewVersion the approver read), 409 conflict when it moved on.
 */
export function approveProduct(actor: Actor, input: { productId: string; version?: string }, ctx: RequestContext = {}): Promise<ProductDto> {
  const set = { status: "approved", approvedBy: actor.id, approvedAt: new Date(), rejectionReason: null } as const;
  return transition(actor, { productId: input.productId, kind: "approve", set, version: input.version }, ctx);
}

/**
 * product:reject (never by an approver who created, edited or submitted this version: 403). pending_approval
 * → rejected with a reason; else 409. `version` as for approveProduct.
 */
export function rejectProduct(
  actor: Actor,
  input: { productId: string; reason: string; version?: string },
  ctx: RequestContext = {},
): Promise<ProductDto> {
  const set = { status: "rejected", rejectionReason: input.reason, approvedBy: null, approvedAt: null } as const;
  return transition(actor, { productId: input.productId, kind: "reject", set, summary: { reason: input.reason }, version: input.version }, ctx);
}

/** product:delete (admin). 404 when not in the caller's business. */
export async function deleteProduct(
  actor: Actor,
  input: { productId: string },
  ctx: RequestContext = {},
): Promise<void> {
  assertCan(actor, "product:delete");
  await transaction(async (tx) => {
    const row = await deleteProductRow(tx, { businessId: actor.businessId, productId: input.productId });
    if (!row) throw notFound("Product");
    const summary = { before: auditPicture(row) };
    await auditProduct(tx, { actor, action: "product.delete", productId: row.id, summary }, ctx);
  });
}

/**
 * Anyone, per the visibility table (anonymous callers see approved products only). 404 otherwise.
 * Members of the product's business get the whole product; everyone else the public catalog's fields.
 */
export async function getProduct(actor: Actor | null, input: { productId: string }): Promise<StaffProductDto | ProductDto | PublicProductDto> {
  // Not scoped to the caller's business: approved products are public, and canViewProduct
  // answers false for every other status of another business, which becomes the 404.
  const db = getDb();
  if (actor === null) {
    // Signed out, the answer is the public one or none: the same for everyone, so it is shared.
    const product = await cachedCatalogAnswer({
      businessId: null,
      key: `product:${input.productId}`,
      load: async () => {
        const row = await getProductById(db, input);
        return row && canViewProduct(null, row) ? (await withImages(db, [row], toPublicProductDto))[0]! : null;
      },
    });
    if (!product) throw notFound("Product");
    return product;
  }
  const row = await getProductById(db, input);
  if (!row || !canViewProduct(actor, row)) throw notFound("Product");
  if (actor.businessId !== row.businessId) return (await withImages(db, [row], toPublicProductDto))[0]!;
  return can(actor.role, "product:read_unapproved") ? staffProductDto(db, row, actor) : productDto(db, row);
}

/** The audit history of one product, newest first; whoever may see the product may see its history. */
export async function getProductHistory(
  actor: Actor,
  input: { productId: string },
): Promise<ProductHistoryEntry[]> {
  assertCan(actor, "product:read_unapproved");
  const db = getDb();
  const row = await requireVisibleProduct(db, { actor, productId: input.productId });
  const [{ rows }, open] = await Promise.all([
    listAuditEntries(db, { businessId: actor.businessId, entityType: "product", entityId: row.id, limit: 200, offset: 0 }),
    row.status === "approved" ? getOpenRevision(db, { businessId: row.businessId, productId: row.id }) : null,
  ]);
  // What the open change says is not for a reader who may not see it yet (an approver, before it is
  // submitted): its entries name its content.
  const hidden = open && !canViewProduct(actor, open) ? open.id : null;
  return rows
    .filter((entry) => hidden === null || (entry.summary as { revision?: unknown } | null)?.revision !== hidden)
    .map(({ id, action, actorId, actorName, summary, createdAt }) => ({ id, action, actorId, actorName, summary, createdAt }));
}

type ProductList = { count: number; results: ProductDto[] };

/** The staff list's product: whether a change to it waits (draft, pending or rejected revision). */

async function toProductList(db: Database, { count, rows }: ListResult): Promise<ProductList> {
  return { count, results: await withImages(db, rows, toProductDto) };
}

/** One page of the public catalog: `count` stops at CATALOG_COUNT_CAP, and `countCapped` says it did. */
export type PublicCatalogPage = {
  count: number;
  countCapped: boolean;
  results: (PublicProductDto & { business: { name: string; slug: string } })[];
};

/**
 * Anyone: the public catalog (approved products only, public fields only, each with its seller), in `sort` order
 * (relevance: the rank of `q`, else newest). The answer is the same for every caller, so it is read through the
 * shared cache, which every change to a business's public products empties (lib/products/catalog-cache.ts).
 */
export async function listPublicProducts(query: PublicListQuery): Promise<PublicCatalogPage> {
  const { page, pageSize, ...filters } = query;
  // An id in any case names one business, and its changes are announced under the id as stored.
  const business = query.business && isUuid(query.business) ? query.business.toLowerCase() : query.business;
  // Keyed by what the statement sees: two spellings of one search ("Oak  DESK", "oak desk") share an answer.
  const key = JSON.stringify([filters.q ? toPrefixTsquery(filters.q) : null, business ?? null, filters.category ?? null, filters.minPrice ?? null, filters.maxPrice ?? null, filters.inStock ?? false, filters.sort, page, pageSize]);
  return cachedCatalogAnswer({
    // A business named by its slug is kept with the cross-business answers, which every change empties.
    businessId: business && isUuid(business) ? business : null,
    key: `list:${key}`,
    load: async () => {
      const db = getDb();
      const { count, countCapped, rows } = await listApprovedProducts(db, { ...filters, business, ...pageWindow({ page, pageSize }) });
      // Every item names its seller: the catalog mixes businesses, and each links to its storefront.
      const results = await withImages(db, rows, toPublicProductDto);
      return { count, countCapped, results: results.map((product, index) => ({ ...product, business: rows[index]!.business })) };
    },
  });
}

/** product:read_unapproved (staff): the caller's business, statuses their role may see plus their own rows. */
export async function listInternalProducts(actor: Actor, query: InternalListQuery): Promise<{ count: number; results: ListedProductDto[] }> {
  assertCan(actor, "product:read_unapproved");
  const { page, pageSize, ...filters } = query;
  const db = getDb();
  const result = await listBusinessProducts(db, {
    ...filters,
    businessId: actor.businessId,
    viewerId: actor.id,
    statuses: visibleStatuses(actor.role),
    ...pageWindow({ page, pageSize }),
  });
  const list = await toProductList(db, result);
  const revisions = await listOpenRevisions(db, { businessId: actor.businessId, productIds: list.results.map((product) => product.id) });
  return {
    count: list.count,
    results: list.results.map((product) => {
      const open = revisions.get(product.id);
      const revision = open && canViewProduct(actor, open) ? open : null;
      // What an approval or a rejection from the list would decide: its open change, else the product.
      return { ...product, revisionStatus: revision?.status ?? null, reviewVersion: reviewVersion(open ?? product) };
    }),
  };
}

/** One approved product of one business, or null (any other status, business or a malformed id). */
export async function getApprovedProduct(input: { businessId: string; productId: string }): Promise<ProductDto | null> {
  const db = getDb();
  const row = await getApprovedProductRow(db, input);
  return row ? productDto(db, row) : null;
}

/** Approved products of one business by id, in the order asked (the assistant's recently shown products). */
export async function listApprovedProductsByIds(input: { businessId: string; ids: string[] }): Promise<ProductDto[]> {
  const db = getDb();
  const rows = await listApprovedProductRowsByIds(db, input);
  return withImages(db, rows, toProductDto);
}

/**
 * product:approve (admins and approvers): what waits for review in the caller's business, oldest
 * submission first — new products, and changes to live ones with their field-by-field diff.
 */
export async function listReviews(actor: Actor, query: ReviewsQuery): Promise<{ count: number; results: ReviewItemDto[] }> {
  assertCan(actor, "product:approve");
  const db = getDb();
  const { count, items } = await listPendingReviews(db, { businessId: actor.businessId, ...pageWindow(query), newestFirst: query.order === "newest" });
  const [rows, revisions] = await Promise.all([
    getProductsInBusiness(db, { businessId: actor.businessId, ids: items.map((item) => item.productId) }),
    getRevisionsByIds(db, { businessId: actor.businessId, ids: items.flatMap((item) => (item.revisionId ? [item.revisionId] : [])) }),
  ]);
  const productsById = new Map((await withImages(db, rows, toProductDto)).map((product) => [product.id, product]));
  const revisionsById = new Map(revisions.map((revision) => [revision.id, revision]));
  const submitters = await memberNames(db, {
    businessId: actor.businessId,
    ids: [...rows.map((row) => row.submittedBy), ...revisions.map((revision) => revision.submittedBy)].filter((id): id is string => id !== null),
  });
  const results: ReviewItemDto[] = [];
  for (const item of items) {
    const product = productsById.get(item.productId);
    if (!product) continue;
    const revision = item.revisionId ? revisionsById.get(item.revisionId) : undefined;
    const submittedBy = revision ? revision.submittedBy : product.submittedBy;
    const revisionView = revision ? await revisionDto(db, revision) : null;
    const changes: RevisionChangeDto[] = revisionView ? revisionChanges(product, revisionView) : [];
    results.push({
      kind: item.kind,
      product,
      version: reviewVersion(revision ?? product),
      revision: revisionView,
      changes,
      submittedBy: submittedBy ? { id: submittedBy, name: submitters.get(submittedBy) ?? "A former member" } : null,
      submittedAt: item.submittedAt?.toISOString() ?? null,
    });
  }
  return { count, results };
}
