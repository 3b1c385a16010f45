import "server-only";
import { and, count, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { idempotencyKeys, purchases, users } from "@/db/schema";
import type { PurchaseBuyer, PurchaseView } from "./schemas";

export type PurchaseScope = { businessId: string; userId?: string };

function scopeWhere(scope: PurchaseScope): SQL {
  return scope.userId
    ? and(eq(purchases.businessId, scope.businessId), eq(purchases.userId, scope.userId))!
    : eq(purchases.businessId, scope.businessId);
}

const purchaseColumns = {
  id: purchases.id,
  productId: purchases.productId,
  productName: purchases.productName,
  quantity: purchases.quantity,
  unitPrice: purchases.unitPrice,
  total: purchases.total,
  sessionId: purchases.sessionId,
  userId: purchases.userId,
  userName: users.name,
  createdAt: purchases.createdAt,
};

type PurchaseRow = Omit<PurchaseView, "createdAt"> & { createdAt: Date };

function toView(row: PurchaseRow): PurchaseView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function insertPurchase(
  db: Database,
  values: {
    businessId: string;
    userId: string;
    productId: string;
    productName: string;
    quantity: number;
    unitPrice: string;
    total: string;
    sessionId: string | null;
  },
): Promise<{ id: string }> {
  const [row] = await db.insert(purchases).values(values).returning({ id: purchases.id });
  return row!;
}

/** Purchases with their buyer's name, newest first. */
function selectPurchases(db: Database, where: SQL) {
  return db
    .select(purchaseColumns)
    .from(purchases)
    .innerJoin(users, eq(users.id, purchases.userId))
    .where(where)
    .orderBy(desc(purchases.createdAt), desc(purchases.id));
}

export async function findPurchase(
  db: Database,
  where: PurchaseScope & { id: string },
): Promise<PurchaseView | null> {
  const [row] = await selectPurchases(db, and(eq(purchases.id, where.id), scopeWhere(where))!).limit(1);
  return row ? toView(row) : null;
}

export async function listPurchaseRows(
  db: Database,
  where: PurchaseScope & { limit: number; offset: number },
): Promise<{ count: number; rows: PurchaseView[] }> {
  const [rows, [total]] = await Promise.all([
    selectPurchases(db, scopeWhere(where)).limit(where.limit).offset(where.offset),
    db.select({ count: count() }).from(purchases).where(scopeWhere(where)),
  ]);
  return { count: total?.count ?? 0, rows: rows.map(toView) };
}

/**
 * The next `limit` purchases of the same order after the purchase `afterId` (from the newest when
 * null): a keyset, so reading every purchase chunk by chunk costs the same for every chunk.
 */
export async function listPurchaseRowsAfter(db: Database, where: PurchaseScope & { afterId: string | null; limit: number }): Promise<PurchaseView[]> {
  const conditions = [scopeWhere(where)];
  if (where.afterId) {
    // The cursor's own timestamp, read in SQL: a JavaScript Date would round its microseconds away.
    conditions.push(
      sql`(${purchases.createdAt}, ${purchases.id}) < (select p.created_at, p.id from purchases p where p.id = ${where.afterId} and p.business_id = ${where.businessId})`,
    );
  }
  const rows = await selectPurchases(db, and(...conditions)!).limit(where.limit);
  return rows.map(toView);
}

/** Revenue summed in SQL numeric, returned as a decimal string. */
export async function purchaseTotals(db: Database, where: PurchaseScope): Promise<{ count: number; revenue: string }> {
  // round(…, 2) fixes the two places ("0.00" too) without a precision: any numeric(p,2) cast caps the
  // sum (numeric(14,2) at 10^12, numeric(18,2) at a million purchases of the largest total) and then
  // fails the whole list with "numeric field overflow"; an unconstrained numeric sum cannot.
  const [row] = await db
    .select({
      count: count(),
      revenue: sql<string>`round(coalesce(sum(${purchases.total}), 0), 2)::text`,
    })
    .from(purchases)
    .where(scopeWhere(where));
  return { count: row?.count ?? 0, revenue: row?.revenue ?? "0.00" };
}

export async function listBuyers(db: Database, where: { businessId: string }): Promise<PurchaseBuyer[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(purchases)
    .innerJoin(users, eq(users.id, purchases.userId))
    .where(and(eq(purchases.businessId, where.businessId), eq(users.businessId, where.businessId)))
    .orderBy(users.name, users.email, users.id);
}

// ---- idempotency_keys ------------------------------------------------------------------------

export type IdempotencyRecord = {
  id: string;
  requestHash: string;
  state: "in_progress" | "completed";
  responseStatus: number | null;
  responseBody: unknown;
  purchaseId: string | null;
  createdAt: Date;
};

const idempotencyColumns = {
  id: idempotencyKeys.id,
  requestHash: idempotencyKeys.requestHash,
  state: idempotencyKeys.state,
  responseStatus: idempotencyKeys.responseStatus,
  responseBody: idempotencyKeys.responseBody,
  purchaseId: idempotencyKeys.purchaseId,
  createdAt: idempotencyKeys.createdAt,
};

type KeyRef = { userId: string; scope: string; key: string };

/** Expired keys of this user are forgotten, so a key is reusable once its retention is over. */
export async function deleteExpiredKeys(db: Database, where: { userId: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, where.userId), lt(idempotencyKeys.expiresAt, sql`now()`)));
}

/**
 * Claims (user, scope, key) through the unique constraint: exactly one concurrent caller gets the
 * row back; everyone else gets null and must read the existing record.
 */
export async function insertKeyClaim(
  db: Database,
  values: KeyRef & { businessId: string; requestHash: string; ttlSeconds: number },
): Promise<{ id: string } | null> {
  const [row] = await db
    .insert(idempotencyKeys)
    .values({
      businessId: values.businessId,
      userId: values.userId,
      scope: values.scope,
      key: values.key,
      requestHash: values.requestHash,
      state: "in_progress",
      expiresAt: sql`now() + make_interval(secs => ${values.ttlSeconds})`,
    })
    .onConflictDoNothing({ target: [idempotencyKeys.userId, idempotencyKeys.scope, idempotencyKeys.key] })
    .returning({ id: idempotencyKeys.id });
  return row ?? null;
}

export async function findKey(db: Database, where: KeyRef): Promise<IdempotencyRecord | null> {
  const [row] = await db
    .select(idempotencyColumns)
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.userId, where.userId),
        eq(idempotencyKeys.scope, where.scope),
        eq(idempotencyKeys.key, where.key),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Locks the claim for the rest of the caller's transaction, so only one holder can ever complete it. */
export async function lockKey(db: Database, where: { id: string }): Promise<IdempotencyRecord | null> {
  const [row] = await db
    .select(idempotencyColumns)
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.id, where.id))
    .for("update");
  return row ?? null;
}

export async function completeKey(
  db: Database,
  values: { id: string; responseStatus: number; responseBody: unknown; purchaseId: string },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      state: "completed",
      responseStatus: values.responseStatus,
      responseBody: values.responseBody,
      purchaseId: values.purchaseId,
    })
    .where(and(eq(idempotencyKeys.id, values.id), eq(idempotencyKeys.state, "in_progress")));
}

/** Releases a claim whose request failed; a completed key is never released. */
export async function releaseKey(db: Database, where: { id: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.id, where.id), eq(idempotencyKeys.state, "in_progress")));
}

/**
 * Takes over a claim whose holder has shown no progress for `staleAfterSeconds` (it most likely
 * died between claiming and buying). Atomic, so at most one waiter takes it over per period; the
 * row lock in the purchase transaction still guarantees at most one purchase.
 */
export async function takeOverStaleClaim(db: Database, where: { id: string; staleAfterSeconds: number }): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        eq(idempotencyKeys.id, where.id),
        eq(idempotencyKeys.state, "in_progress"),
        lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${where.staleAfterSeconds})`),
      ),
    )
    .returning({ id: idempotencyKeys.id });
  return rows.length > 0;
}

/** One user's latest purchases, newest first: what the assistant's purchase-history tool reads. */
export async function listRecentPurchasesOfUser(
  db: Database,
  where: { businessId: string; userId: string; limit: number },
): Promise<PurchaseView[]> {
  const rows = await selectPurchases(db, scopeWhere(where)).limit(where.limit);
  return rows.map(toView);
}
