import "server-only";
import { getDb, isUniqueViolation, transaction, type Database } from "@/db/client";
import type { ProductStatus } from "@/db/schema";
import { listAuditEntries } from "@/lib/audit/queries";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { assertCan, canViewProduct, visibleStatuses, type Action, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/request-context";
import { pageWindow } from "@/lib/pagination";
import {
  deleteProductRow,
  getApprovedProductRow,
  getProductById,
  getProductInBusiness,
  insertProduct,
  listApprovedProducts,
  listApprovedProductsByIds as listApprovedProductRowsByIds,
  listBusinessProducts,
  searchApprovedRows,
  toPrefixTsquery,
  toProductDto,
  toPublicProductDto,
  updateProductIfStatus,
  type ListResult,
  type ProductInsert,
  type ProductRow,
} from "./queries";
import type {
  InternalListQuery,
  ProductCreateInput,
  ProductDto,
  ProductFormOutput,
  ProductHistoryEntry,
  ProductUpdateInput,
  PublicListQuery,
  PublicProductDto,
} from "./schemas";

const EDITABLE_FIELDS = ["name", "description", "price", "sku", "category", "stock"] as const;

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

function skuTaken(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError("conflict", "Another product of this business already uses that SKU.", {
      fields: { sku: ["This SKU is already in use."] },
    });
  }
  throw error;
}

function invalidTransition(detail: string): AppError {
  return new AppError("invalid_transition", detail);
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
      return toProductDto(row);
    });
  } catch (error) {
    skuTaken(error);
  }
}

/**
 * product:update. Editing an approved product sends it back to pending_approval; a rejected one
 * becomes a draft again; `status: "pending_approval"` also submits it. Only an admin may edit a
 * pending product (editors get 409 invalid_transition). 404 when not visible, 409 on a race.
 */
export async function updateProduct(
  actor: Actor,
  input: { productId: string; changes: ProductUpdateInput },
  ctx: RequestContext = {},
): Promise<ProductDto> {
  assertCan(actor, "product:update");
  const { changes } = input;
  try {
    return await transaction(async (tx) => {
      const before = await requireVisibleProduct(tx, { actor, productId: input.productId });
      if (before.status === "pending_approval" && actor.role !== "admin") {
        throw invalidTransition("A product pending approval cannot be edited; wait for the review.");
      }
      let next: ProductStatus = before.status;
      if (changes.status === "pending_approval" || before.status === "approved") next = "pending_approval";
      else if (before.status === "rejected") next = "draft";

      // editedBy names who wrote the version now under review: they may not also review it.
      const set: Partial<ProductInsert> = { status: next, editedBy: actor.id };
      for (const field of EDITABLE_FIELDS) {
        if (changes[field] !== undefined) Object.assign(set, { [field]: changes[field] });
      }
      if (next === "pending_approval" && before.status !== "pending_approval") {
        Object.assign(set, { submittedAt: new Date(), submittedBy: actor.id, rejectionReason: null });
      }
      if (before.status === "approved") Object.assign(set, { approvedBy: null, approvedAt: null });

      const after = await updateProductIfStatus(tx, {
        businessId: actor.businessId,
        productId: before.id,
        expected: before.status,
        set,
      });
      if (!after) throw invalidTransition("The product changed while you were editing it; reload and try again.");
      const summary = {
        changed: EDITABLE_FIELDS.filter((field) => changes[field] !== undefined),
        before: auditPicture(before),
        after: auditPicture(after),
      };
      await auditProduct(tx, { actor, action: "product.update", productId: after.id, summary }, ctx);
      return toProductDto(after);
    });
  } catch (error) {
    skuTaken(error);
  }
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
  },
  ctx: RequestContext,
): Promise<ProductDto> {
  const { permission, auditAction, from } = TRANSITIONS[input.kind];
  assertCan(actor, permission);
  return transaction(async (tx) => {
    const before = await getProductInBusiness(tx, { businessId: actor.businessId, productId: input.productId });
    if (!before) throw notFound("Product");
    if (!canViewProduct(actor, before)) {
      // A reviewer who lost a race to a competing review may no longer see the product (approvers do
      // not see rejected ones): they learn it moved on, not that it vanished, and nothing of its state.
      if (REVIEW_OUTCOMES.includes(before.status) && (from as readonly string[]).includes("pending_approval")) {
        throw invalidTransition(`Cannot ${input.kind} this product: it is no longer pending approval.`);
      }
      throw notFound("Product");
    }
    assertCan(actor, permission, before);
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
    return toProductDto(after);
  });
}

/** product:submit. draft | rejected → pending_approval; otherwise 409 invalid_transition. */
export function submitProduct(actor: Actor, input: { productId: string }, ctx: RequestContext = {}): Promise<ProductDto> {
  const set = { status: "pending_approval", submittedAt: new Date(), submittedBy: actor.id, rejectionReason: null } as const;
  return transition(actor, { productId: input.productId, kind: "submit", set }, ctx);
}

/** product:approve (never by an approver who created, edited or submitted this version: 403). pending_approval → approved; else 409. */
export function approveProduct(actor: Actor, input: { productId: string }, ctx: RequestContext = {}): Promise<ProductDto> {
  const set = { status: "approved", approvedBy: actor.id, approvedAt: new Date(), rejectionReason: null } as const;
  return transition(actor, { productId: input.productId, kind: "approve", set }, ctx);
}

/** product:reject (never by an approver who created, edited or submitted this version: 403). pending_approval → rejected with a reason; else 409. */
export function rejectProduct(
  actor: Actor,
  input: { productId: string; reason: string },
  ctx: RequestContext = {},
): Promise<ProductDto> {
  const set = { status: "rejected", rejectionReason: input.reason, approvedBy: null, approvedAt: null } as const;
  return transition(actor, { productId: input.productId, kind: "reject", set, summary: { reason: input.reason } }, ctx);
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
export async function getProduct(actor: Actor | null, input: { productId: string }): Promise<ProductDto | PublicProductDto> {
  // Not scoped to the caller's business: approved products are public, and canViewProduct
  // answers false for every other status of another business, which becomes the 404.
  const row = await getProductById(getDb(), input);
  if (!row || !canViewProduct(actor, row)) throw notFound("Product");
  return actor?.businessId === row.businessId ? toProductDto(row) : toPublicProductDto(row);
}

/** The audit history of one product, newest first; whoever may see the product may see its history. */
export async function getProductHistory(
  actor: Actor,
  input: { productId: string },
): Promise<ProductHistoryEntry[]> {
  assertCan(actor, "product:read_unapproved");
  const db = getDb();
  const row = await requireVisibleProduct(db, { actor, productId: input.productId });
  const { rows } = await listAuditEntries(db, { businessId: actor.businessId, entityType: "product", entityId: row.id, limit: 200, offset: 0 });
  return rows.map(({ id, action, actorId, actorName, summary, createdAt }) => ({ id, action, actorId, actorName, summary, createdAt }));
}

type ProductList = { count: number; results: ProductDto[] };

function toProductList({ count, rows }: ListResult): ProductList {
  return { count, results: rows.map(toProductDto) };
}

/** Anyone: the public catalog (approved products only, public fields only), ranked by relevance when `q` is given. */
export async function listPublicProducts(query: PublicListQuery): Promise<{ count: number; results: PublicProductDto[] }> {
  const { page, pageSize, ...filters } = query;
  const { count, rows } = await listApprovedProducts(getDb(), { ...filters, ...pageWindow({ page, pageSize }) });
  return { count, results: rows.map(toPublicProductDto) };
}

/** product:read_unapproved (staff): the caller's business, statuses their role may see plus their own rows. */
export async function listInternalProducts(actor: Actor, query: InternalListQuery): Promise<ProductList> {
  assertCan(actor, "product:read_unapproved");
  const { page, pageSize, ...filters } = query;
  const result = await listBusinessProducts(getDb(), {
    ...filters,
    businessId: actor.businessId,
    viewerId: actor.id,
    statuses: visibleStatuses(actor.role),
    ...pageWindow({ page, pageSize }),
  });
  return toProductList(result);
}

/**
 * Retrieval for the assistant: approved products of one business, best match first.
 * Every word must match (as a prefix) when that finds anything; otherwise any word may,
 * so a conversational question still surfaces the products it mentions. An empty query
 * yields the newest products. `limit` is clamped to 1–50.
 */
export async function searchApprovedProducts(input: {
  businessId: string;
  query: string;
  limit?: number;
}): Promise<ProductDto[]> {
  const db = getDb();
  const limit = Math.max(1, Math.min(50, Math.trunc(input.limit ?? 5)));
  const all = toPrefixTsquery(input.query, "all");
  let rows = await searchApprovedRows(db, { businessId: input.businessId, tsquery: all, limit });
  if (rows.length === 0 && all) {
    rows = await searchApprovedRows(db, {
      businessId: input.businessId,
      tsquery: toPrefixTsquery(input.query, "any"),
      limit,
    });
  }
  return rows.map(toProductDto);
}

/** One approved product of one business, or null (any other status, business or a malformed id). */
export async function getApprovedProduct(input: { businessId: string; productId: string }): Promise<ProductDto | null> {
  const row = await getApprovedProductRow(getDb(), input);
  return row ? toProductDto(row) : null;
}

/** Approved products of one business by id, in the order asked (the assistant's recently shown products). */
export async function listApprovedProductsByIds(input: { businessId: string; ids: string[] }): Promise<ProductDto[]> {
  const rows = await listApprovedProductRowsByIds(getDb(), input);
  return rows.map(toProductDto);
}
