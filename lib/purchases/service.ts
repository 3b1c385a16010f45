import "server-only";
import type { Database } from "@/db/client";
import { recordAudit } from "../audit/record";
import { assertCan, type Actor } from "../auth/permissions";
import { AppError, notFound } from "../errors";
import { fieldErrorsFrom, parseWith } from "../http";
import { getOwnedSession } from "../chat/queries";
import { hashRequest, runIdempotent } from "./idempotency";
import { lineTotal } from "./money";
import {
  findApprovedProduct,
  findPurchase,
  inTransaction,
  insertPurchase,
  listBuyers,
  listPurchaseRows,
  purchaseTotals,
  reserveStock,
  autocommit,
  type PurchaseScope,
} from "./queries";
import {
  createPurchaseSchema,
  DEFAULT_PAGE_SIZE,
  idempotencyKeySchema,
  listPurchasesQuerySchema,
  type CreatePurchaseInput,
  type ListPurchasesInput,
  type PurchasePage,
  type PurchaseView,
} from "./schemas";

export const PURCHASE_IDEMPOTENCY_SCOPE = "purchase";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admins see every purchase of their business (DESIGN.md §3, GET /api/purchases). */
function seesWholeBusiness(actor: Actor): boolean {
  return actor.role === "admin";
}

export type CreatePurchaseOptions = { idempotencyKey?: string | null; requestId?: string };
export type CreatePurchaseResult = { purchase: PurchaseView; replayed: boolean };

/**
 * Buys an approved product of the caller's business (`purchase:create`). Throws 400 invalid input,
 * 404 product/session not found, 409 `out_of_stock`, 422 `idempotency_mismatch`, 409 `conflict`
 * (same key still in progress). A replayed Idempotency-Key returns the first purchase with `replayed`.
 */
export async function createPurchase(
  actor: Actor,
  input: CreatePurchaseInput,
  options: CreatePurchaseOptions = {},
): Promise<CreatePurchaseResult> {
  assertCan(actor, "purchase:create");
  const data = parseWith(createPurchaseSchema, input);
  const order = { productId: data.productId, quantity: data.quantity, sessionId: data.sessionId ?? null };

  const buy = async (tx: Database) => {
    const purchase = await buyInTransaction(tx, actor, order, options.requestId);
    return { status: 201, body: purchase, resourceId: purchase.id };
  };

  if (options.idempotencyKey === undefined || options.idempotencyKey === null) {
    return { purchase: (await inTransaction(buy)).body, replayed: false };
  }
  const key = idempotencyKeySchema.safeParse(options.idempotencyKey);
  if (!key.success) {
    throw new AppError("invalid_request", "The Idempotency-Key header is invalid.", {
      fields: { "Idempotency-Key": Object.values(fieldErrorsFrom(key.error)).flat() },
    });
  }
  const result = await runIdempotent<PurchaseView>(
    {
      businessId: actor.businessId,
      userId: actor.id,
      scope: PURCHASE_IDEMPOTENCY_SCOPE,
      key: key.data,
      requestHash: hashRequest(order),
    },
    buy,
  );
  return { purchase: result.body, replayed: result.replayed };
}

async function buyInTransaction(
  tx: Database,
  actor: Actor,
  order: { productId: string; quantity: number; sessionId: string | null },
  requestId: string | undefined,
): Promise<PurchaseView> {
  if (order.sessionId) {
    const session = await getOwnedSession(tx, { sessionId: order.sessionId, userId: actor.id, businessId: actor.businessId });
    if (!session) throw notFound("Chat session");
  }
  const product = await reserveStock(tx, { productId: order.productId, businessId: actor.businessId, quantity: order.quantity });
  if (!product) {
    const approved = await findApprovedProduct(tx, { productId: order.productId, businessId: actor.businessId });
    if (!approved) throw notFound("Product");
    throw new AppError(
      "out_of_stock",
      approved.stock === 0 ? "This product is out of stock." : `Only ${approved.stock} left in stock.`,
    );
  }
  const total = lineTotal(product.price, order.quantity);
  const { id } = await insertPurchase(tx, {
    businessId: actor.businessId,
    userId: actor.id,
    productId: product.id,
    productName: product.name,
    quantity: order.quantity,
    unitPrice: product.price,
    total,
    sessionId: order.sessionId,
  });
  await recordAudit(tx, {
    actor,
    action: "purchase.create",
    entityType: "purchase",
    entityId: id,
    summary: {
      productId: product.id,
      productName: product.name,
      quantity: order.quantity,
      unitPrice: product.price,
      total,
      sessionId: order.sessionId,
      stockAfter: product.stock,
    },
    requestId,
  });
  const purchase = await findPurchase(tx, { id, businessId: actor.businessId });
  return purchase!;
}

/**
 * The caller's purchases, newest first (`history:read_own`); admins get the whole business, or one
 * user's with `userId`, plus totals and the list of buyers. A non-admin asking for someone else → 403.
 */
export async function listPurchases(actor: Actor, input: ListPurchasesInput = {}): Promise<PurchasePage> {
  assertCan(actor, "history:read_own");
  const { userId, page, pageSize } = parseWith(listPurchasesQuerySchema, {
    ...input,
    page: input.page ?? 1,
    pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
  });
  const admin = seesWholeBusiness(actor);
  if (!admin && userId && userId !== actor.id) {
    throw new AppError("forbidden", "Only admins may list other users' purchases.");
  }
  const scope: PurchaseScope = { businessId: actor.businessId, userId: admin ? userId : actor.id };
  const db = autocommit();
  const [{ count, rows }, totals, buyers] = await Promise.all([
    listPurchaseRows(db, { ...scope, limit: pageSize, offset: (page - 1) * pageSize }),
    admin ? purchaseTotals(db, scope) : undefined,
    admin ? listBuyers(db, { businessId: actor.businessId }) : undefined,
  ]);
  const link = (target: number) => {
    const params = new URLSearchParams({ page: String(target), pageSize: String(pageSize) });
    if (admin && userId) params.set("userId", userId);
    return `/api/purchases?${params.toString()}`;
  };
  return {
    count,
    next: page * pageSize < count ? link(page + 1) : null,
    previous: page > 1 ? link(Math.min(page - 1, Math.max(1, Math.ceil(count / pageSize)))) : null,
    results: rows,
    ...(admin ? { totals, buyers } : {}),
  };
}

/** One purchase: its buyer, or an admin of the same business (`history:read_own`); otherwise 404. */
export async function getPurchase(actor: Actor, id: string): Promise<PurchaseView> {
  assertCan(actor, "history:read_own");
  if (!UUID.test(id)) throw notFound("Purchase");
  const purchase = await findPurchase(autocommit(), {
    id,
    businessId: actor.businessId,
    userId: seesWholeBusiness(actor) ? undefined : actor.id,
  });
  if (!purchase) throw notFound("Purchase");
  return purchase;
}
