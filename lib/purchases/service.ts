import "server-only";
import { getDb, transaction, type Database } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { publishEvents, purchaseEvent } from "@/lib/events/publish";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getOwnedSession } from "@/lib/chat/queries";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { formatMoney, fromCents, lineTotal, toCents } from "@/lib/money";
import { getApprovedProductRow, reserveStock } from "@/lib/products/queries";
import type { RequestContext } from "@/lib/request-context";
import { hashRequest, runIdempotent } from "./idempotency";
import { csvFilename, csvStream, type CsvDownload } from "@/lib/csv";
import { findPurchase, insertPurchase, listBuyers, listPurchaseRows, listPurchaseRowsAfter, purchaseTotals, type PurchaseScope } from "./queries";
import type { CreatePurchaseInput, ListPurchasesInput, PurchasePage, PurchaseView } from "./schemas";
import { pageWindow } from "@/lib/pagination";

export const PURCHASE_IDEMPOTENCY_SCOPE = "purchase";

/** numeric(12,2): the largest amount a purchase total column holds. */
const MAX_TOTAL_CENTS = toCents("9999999999.99")!;

/** Admins see every purchase of their business (docs/api.md, GET /api/purchases). */
function seesWholeBusiness(actor: Actor): boolean {
  return actor.role === "admin";
}

/**
 * unit price × quantity in exact integer cents (lib/money), as a decimal string. Throws 400 when
 * the total would not fit the column, instead of letting the insert fail.
 */
export function purchaseTotal(line: { unitPrice: string; quantity: number }): string {
  const total = lineTotal(line);
  if (total === null) throw new Error(`Not a money amount: ${line.unitPrice}`);
  if (toCents(total)! > MAX_TOTAL_CENTS) {
    throw new AppError("invalid_request", "The purchase total is too large.", {
      fields: { quantity: ["The total of this purchase exceeds the largest amount we can record."] },
    });
  }
  return total;
}

export type CreatePurchaseResult = { purchase: PurchaseView; replayed: boolean };

/** 409 `price_changed`: the price is no longer the one the buyer was shown; the body carries the current one. */
function priceChanged(input: { productId: string; expectedUnitPrice: string; currentUnitPrice: string }): AppError {
  return new AppError(
    "price_changed",
    `The price changed from ${formatMoney(input.expectedUnitPrice)} to ${formatMoney(input.currentUnitPrice)}; nothing was bought.`,
    { extra: { productId: input.productId, currentUnitPrice: input.currentUnitPrice } },
  );
}

type Order = { productId: string; quantity: number; expectedUnitPrice: string; sessionId: string | null };

/**
 * Buys an approved product of the caller's business at the price the buyer was shown (`purchase:create`).
 * Throws 400 total too large, 404 product/session not found, 409 `price_changed` (nothing bought, the
 * key is released), 409 `out_of_stock`, 422 `idempotency_mismatch`, 409 `conflict` (same key still in
 * progress). A replayed `idempotencyKey` returns the first purchase with `replayed`.
 */
export async function createPurchase(
  actor: Actor,
  input: CreatePurchaseInput & { idempotencyKey?: string },
  ctx: RequestContext = {},
): Promise<CreatePurchaseResult> {
  assertCan(actor, "purchase:create");
  const order: Order = {
    productId: input.productId,
    quantity: input.quantity,
    expectedUnitPrice: input.expectedUnitPrice,
    sessionId: input.sessionId ?? null,
  };

  const buy = async (tx: Database) => {
    const purchase = await buyInTransaction(tx, { actor, order, requestId: ctx.requestId });
    return { status: 201, body: purchase, resourceId: purchase.id };
  };

  if (input.idempotencyKey === undefined) {
    return { purchase: (await transaction(buy)).body, replayed: false };
  }
  const result = await runIdempotent<PurchaseView>(
    {
      businessId: actor.businessId,
      userId: actor.id,
      scope: PURCHASE_IDEMPOTENCY_SCOPE,
      key: input.idempotencyKey,
      // The price as an amount, not as it was spelled: a retry sending "19.9" for "19.90" is the same request.
      requestHash: hashRequest({ ...order, expectedUnitPrice: fromCents(toCents(order.expectedUnitPrice)!) }),
    },
    buy,
  );
  return { purchase: result.body, replayed: result.replayed };
}

async function buyInTransaction(
  tx: Database,
  input: { actor: Actor; order: Order; requestId: string | undefined },
): Promise<PurchaseView> {
  const { actor, order } = input;
  if (order.sessionId) {
    // Kept from being deleted until the purchase that names it commits: a conversation deleted while the
    // purchase waited for the product's lock would otherwise fail the purchase's reference (a 500).
    const session = await getOwnedSession(tx, {
      sessionId: order.sessionId,
      owner: { kind: "member", userId: actor.id, businessId: actor.businessId },
      lock: "key share",
    });
    if (!session) throw notFound("Chat session");
  }
  const product = await reserveStock(tx, { productId: order.productId, businessId: actor.businessId, quantity: order.quantity });
  if (!product) {
    const approved = await getApprovedProductRow(tx, { productId: order.productId, businessId: actor.businessId });
    if (!approved) throw notFound("Product");
    throw new AppError(
      "out_of_stock",
      approved.stock === 0 ? "This product is out of stock." : `Only ${approved.stock} left in stock.`,
    );
  }
  // reserveStock's row lock pins the price until commit, so this comparison cannot go stale; throwing
  // rolls the stock back and (with a key) releases the claim, so nothing of this attempt remains.
  if (toCents(product.price) !== toCents(order.expectedUnitPrice)) {
    throw priceChanged({ productId: product.id, expectedUnitPrice: order.expectedUnitPrice, currentUnitPrice: product.price });
  }
  // What the purchase row keeps (a price snapshot) is also what its audit entry records.
  const snapshot = {
    productId: product.id,
    productName: product.name,
    quantity: order.quantity,
    unitPrice: product.price,
    total: purchaseTotal({ unitPrice: product.price, quantity: order.quantity }),
    sessionId: order.sessionId,
  };
  const { id } = await insertPurchase(tx, { businessId: actor.businessId, userId: actor.id, ...snapshot });
  await recordAudit(tx, {
    actor,
    action: "purchase.create",
    entityType: "purchase",
    entityId: id,
    summary: { ...snapshot, stockAfter: product.stock },
    requestId: input.requestId,
  });
  const purchase = await findPurchase(tx, { id, businessId: actor.businessId });
  await publishEvents(tx, actor.businessId, [purchaseEvent({ businessId: actor.businessId, userId: actor.id, sessionId: order.sessionId ?? null, purchase: purchase! })]);
  return purchase!;
}

/** One page of purchases; the route adds the `next`/`previous` links. */
export type PurchaseList = Omit<PurchasePage, "next" | "previous">;

/**
 * The caller's purchases, newest first (`history:read_own`); admins get the whole business, or one
 * user's with `userId`, plus totals and the list of buyers. A non-admin asking for someone else → 403.
 */
export async function listPurchases(actor: Actor, input: Pick<ListPurchasesInput, "userId" | "page" | "pageSize">): Promise<PurchaseList> {
  const scope = listScope(actor, input);
  const { page, pageSize } = input;
  const admin = seesWholeBusiness(actor);
  const db = getDb();
  const [{ count, rows }, totals, buyers] = await Promise.all([
    listPurchaseRows(db, { ...scope, ...pageWindow({ page, pageSize }) }),
    admin ? purchaseTotals(db, scope) : undefined,
    admin ? listBuyers(db, { businessId: actor.businessId }) : undefined,
  ]);
  return { count, results: rows, ...(admin ? { totals, buyers } : {}) };
}

/** Whose purchases a list may show: the caller's own, or for an admin the business's (or one user's). */
function listScope(actor: Actor, input: { userId?: string }): PurchaseScope {
  assertCan(actor, "history:read_own");
  const admin = seesWholeBusiness(actor);
  if (!admin && input.userId && input.userId !== actor.id) {
    throw new AppError("forbidden", "Only admins may list other users' purchases.");
  }
  return { businessId: actor.businessId, userId: admin ? input.userId : actor.id };
}

/** The CSV's columns: the JSON purchase's fields, the time first. */
export const PURCHASE_CSV_COLUMNS = ["createdAt", "productName", "quantity", "unitPrice", "total", "userName", "userId", "productId", "sessionId", "id"] as const;

const EXPORT_CHUNK = 500;

/**
 * The purchases the list would show (`history:read_own`: the caller's own; an admin's business, or one
 * user's with `userId`), all of them, newest first, as a CSV download read a chunk at a time. Throws 403
 * when a non-admin asks for someone else's.
 */
export async function exportPurchasesCsv(actor: Actor, input: { userId?: string }): Promise<CsvDownload> {
  const scope = listScope(actor, input);
  const body = await csvStream<PurchaseView>({
    header: [...PURCHASE_CSV_COLUMNS],
    chunkSize: EXPORT_CHUNK,
    readChunk: (after) => listPurchaseRowsAfter(getDb(), { ...scope, afterId: after?.id ?? null, limit: EXPORT_CHUNK }),
    cells: (purchase) => [
      purchase.createdAt,
      purchase.productName,
      purchase.quantity,
      purchase.unitPrice,
      purchase.total,
      purchase.userName,
      purchase.userId,
      purchase.productId,
      purchase.sessionId,
      purchase.id,
    ],
  });
  return { filename: csvFilename("purchases"), body };
}

/** One purchase: its buyer, or an admin of the same business (`history:read_own`); otherwise 404. */
export async function getPurchase(actor: Actor, input: { purchaseId: string }): Promise<PurchaseView> {
  assertCan(actor, "history:read_own");
  if (!isUuid(input.purchaseId)) throw notFound("Purchase");
  const purchase = await findPurchase(getDb(), {
    id: input.purchaseId,
    businessId: actor.businessId,
    userId: seesWholeBusiness(actor) ? undefined : actor.id,
  });
  if (!purchase) throw notFound("Purchase");
  return purchase;
}
