import "server-only";
import type { Database } from "@/db/client";
import type { ProductStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, canViewProduct, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import {
  deleteProductRow,
  getApprovedProductRow,
  getProductById,
  getProductInBusiness,
  inTransaction,
  insertProduct,
  listApprovedProducts,
  listApprovedProductsByIds as listApprovedProductRowsByIds,
  listBusinessProducts,
  listProductHistory,
  readDb,
  searchApprovedRows,
  toPrefixTsquery,
  toProductDto,
  updateProductIfStatus,
  type ProductInsert,
  type ProductRow,
} from "./queries";
import type {
  InternalListQuery,
  ProductCreateInput,
  ProductDto,
  ProductHistoryEntry,
  ProductUpdateInput,
  PublicListQuery,
} from "./schemas";

type Context = { requestId?: string };

const EDITABLE_FIELDS = ["name", "description", "price", "sku", "category", "stock"] as const;

/** The part of a product an audit entry keeps as its before/after picture. */
export function auditPicture(row: ProductRow) {
  return {
    name: row.name,
    price: row.price,
    sku: row.sku,
    category: row.category,
    stock: row.stock,
    status: row.status,
  };
}

/** Postgres unique violations arrive wrapped (Drizzle keeps the driver error as `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && (current as { code?: unknown }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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

/** Loads a product of the actor's business that the actor may see, or throws 404. */
async function requireVisibleProduct(db: Database, actor: Actor, productId: string): Promise<ProductRow> {
  const row = await getProductInBusiness(db, { businessId: actor.businessId, productId });
  if (!row || !canViewProduct(actor, row)) throw notFound("Product");
  return row;
}

/** product:create. New products are drafts unless the caller asks for pending_approval. 409 conflict on a taken SKU. */
export async function createProduct(actor: Actor, input: ProductCreateInput & Context): Promise<ProductDto> {
  assertCan(actor, "product:create");
  const status = input.status ?? "draft";
  const now = new Date();
  try {
    return await inTransaction(async (tx) => {
      const row = await insertProduct(tx, {
        businessId: actor.businessId,
        createdBy: actor.id,
        name: input.name,
        description: input.description,
        price: input.price,
        sku: input.sku ?? null,
        category: input.category ?? null,
        stock: input.stock ?? null,
        status,
        submittedAt: status === "pending_approval" ? now : null,
      });
      await recordAudit(tx, {
        actor,
        action: "product.create",
        entityType: "product",
        entityId: row.id,
        summary: { after: auditPicture(row) },
        requestId: input.requestId,
      });
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
  input: { productId: string; changes: ProductUpdateInput } & Context,
): Promise<ProductDto> {
  assertCan(actor, "product:update");
  const { changes } = input;
  try {
    return await inTransaction(async (tx) => {
      const before = await requireVisibleProduct(tx, actor, input.productId);
      if (before.status === "pending_approval" && actor.role !== "admin") {
        throw invalidTransition("A product pending approval cannot be edited; wait for the review.");
      }
      let next: ProductStatus = before.status;
      if (changes.status === "pending_approval" || before.status === "approved") next = "pending_approval";
      else if (before.status === "rejected") next = "draft";

      const set: Partial<ProductInsert> = { status: next };
      for (const field of EDITABLE_FIELDS) {
        if (changes[field] !== undefined) Object.assign(set, { [field]: changes[field] });
      }
      if (next === "pending_approval" && before.status !== "pending_approval") {
        Object.assign(set, { submittedAt: new Date(), rejectionReason: null });
      }
      if (before.status === "approved") Object.assign(set, { approvedBy: null, approvedAt: null });

      const after = await updateProductIfStatus(tx, {
        businessId: actor.businessId,
        productId: before.id,
        expected: before.status,
        set,
      });
      if (!after) throw invalidTransition("The product changed while you were editing it; reload and try again.");
      await recordAudit(tx, {
        actor,
        action: "product.update",
        entityType: "product",
        entityId: after.id,
        summary: {
          changed: EDITABLE_FIELDS.filter((field) => changes[field] !== undefined),
          before: auditPicture(before),
          after: auditPicture(after),
        },
        requestId: input.requestId,
      });
      return toProductDto(after);
    });
  } catch (error) {
    skuTaken(error);
  }
}

async function transition(
  actor: Actor,
  input: {
    productId: string;
    action: "product:submit" | "product:approve" | "product:reject";
    auditAction: string;
    from: readonly ProductStatus[];
    set: Partial<ProductInsert>;
    summary?: Record<string, unknown>;
  } & Context,
): Promise<ProductDto> {
  assertCan(actor, input.action);
  return inTransaction(async (tx) => {
    const before = await requireVisibleProduct(tx, actor, input.productId);
    assertCan(actor, input.action, before);
    const after = await updateProductIfStatus(tx, {
      businessId: actor.businessId,
      productId: before.id,
      expected: input.from,
      set: input.set,
    });
    if (!after) {
      // Also the loser of a race: the winner's update made the expected status stale.
      throw invalidTransition(`Cannot ${input.action.split(":")[1]} a product that is ${before.status.replace("_", " ")}.`);
    }
    await recordAudit(tx, {
      actor,
      action: input.auditAction,
      entityType: "product",
      entityId: after.id,
      summary: { from: before.status, to: after.status, name: after.name, ...input.summary },
      requestId: input.requestId,
    });
    return toProductDto(after);
  });
}

/** product:submit. draft | rejected → pending_approval; otherwise 409 invalid_transition. */
export function submitProduct(actor: Actor, input: { productId: string } & Context): Promise<ProductDto> {
  return transition(actor, {
    ...input,
    action: "product:submit",
    auditAction: "product.submit",
    from: ["draft", "rejected"],
    set: { status: "pending_approval", submittedAt: new Date(), rejectionReason: null },
  });
}

/** product:approve (never by the approver who created it: 403). pending_approval → approved; else 409. */
export function approveProduct(actor: Actor, input: { productId: string } & Context): Promise<ProductDto> {
  return transition(actor, {
    ...input,
    action: "product:approve",
    auditAction: "product.approve",
    from: ["pending_approval"],
    set: { status: "approved", approvedBy: actor.id, approvedAt: new Date(), rejectionReason: null },
  });
}

/** product:reject (never by the approver who created it: 403). pending_approval → rejected with a reason; else 409. */
export function rejectProduct(
  actor: Actor,
  input: { productId: string; reason: string } & Context,
): Promise<ProductDto> {
  return transition(actor, {
    ...input,
    action: "product:reject",
    auditAction: "product.reject",
    from: ["pending_approval"],
    set: { status: "rejected", rejectionReason: input.reason, approvedBy: null, approvedAt: null },
    summary: { reason: input.reason },
  });
}

/** product:delete (admin). 404 when not in the caller's business. */
export async function deleteProduct(actor: Actor, input: { productId: string } & Context): Promise<void> {
  assertCan(actor, "product:delete");
  await inTransaction(async (tx) => {
    const row = await deleteProductRow(tx, { businessId: actor.businessId, productId: input.productId });
    if (!row) throw notFound("Product");
    await recordAudit(tx, {
      actor,
      action: "product.delete",
      entityType: "product",
      entityId: row.id,
      summary: { before: auditPicture(row) },
      requestId: input.requestId,
    });
  });
}

/** Anyone, per the visibility table (anonymous callers see approved products only). 404 otherwise. */
export async function getProduct(actor: Actor | null, input: { productId: string }): Promise<ProductDto> {
  // Not scoped to the caller's business: approved products are public, and canViewProduct
  // answers false for every other status of another business, which becomes the 404.
  const row = await getProductById(readDb(), input.productId);
  if (!row || !canViewProduct(actor, row)) throw notFound("Product");
  return toProductDto(row);
}

/** The audit history of one product, newest first; whoever may see the product may see its history. */
export async function getProductHistory(
  actor: Actor,
  input: { productId: string },
): Promise<ProductHistoryEntry[]> {
  assertCan(actor, "product:read_unapproved");
  const db = readDb();
  const row = await requireVisibleProduct(db, actor, input.productId);
  return listProductHistory(db, { businessId: actor.businessId, productId: row.id, limit: 200 });
}

/** Anyone: the public catalog (approved products only), ranked by relevance when `q` is given. */
export async function listPublicProducts(query: PublicListQuery): Promise<{ count: number; results: ProductDto[] }> {
  const { count, rows } = await listApprovedProducts(readDb(), {
    q: query.q,
    business: query.business,
    category: query.category,
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { count, results: rows.map(toProductDto) };
}

/** product:read_unapproved (staff): the caller's business, statuses their role may see plus their own rows. */
export async function listInternalProducts(
  actor: Actor,
  query: InternalListQuery,
): Promise<{ count: number; results: ProductDto[] }> {
  assertCan(actor, "product:read_unapproved");
  const { count, rows } = await listBusinessProducts(readDb(), {
    businessId: actor.businessId,
    viewerId: actor.id,
    statuses: visibleStatuses(actor.role),
    status: query.status,
    q: query.q,
    createdBy: query.createdBy,
    category: query.category,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { count, results: rows.map(toProductDto) };
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
  const db = readDb();
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
export async function getApprovedProduct(
  input: { businessId: string; productId: string },
  db: Database = readDb(),
): Promise<ProductDto | null> {
  const row = await getApprovedProductRow(db, input);
  return row ? toProductDto(row) : null;
}

/** Approved products of one business by id, in the order asked (the assistant's recently shown products). */
export async function listApprovedProductsByIds(input: { businessId: string; ids: string[] }): Promise<ProductDto[]> {
  const rows = await listApprovedProductRowsByIds(readDb(), input);
  return rows.map(toProductDto);
}
