import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import { businesses, creditTransactions, users } from "@/db/schema";
import { effectiveMessageCost } from "@/lib/business/queries";
import type { LedgerEntry } from "./schemas";

export async function getBalanceRow(
  db: Database,
  input: { userId: string; businessId: string },
): Promise<{ credits: number; messageCost: number } | null> {
  const [row] = await db
    .select({ credits: users.credits, messageCost: businesses.messageCost })
    .from(users)
    .innerJoin(businesses, eq(businesses.id, users.businessId))
    .where(and(eq(users.id, input.userId), eq(users.businessId, input.businessId)))
    .limit(1);
  // The cost the chat will charge (the operator's minimum applies), so the balance display agrees with it.
  return row ? { ...row, messageCost: effectiveMessageCost(row.messageCost) } : null;
}

const grantor = alias(users, "grantor");

// The ledger with the name of whoever granted each row; the business is always part of the WHERE.
const ledgerRows = (db: Database) =>
  db
    .select({
      id: creditTransactions.id,
      userId: creditTransactions.userId,
      kind: creditTransactions.kind,
      amount: creditTransactions.amount,
      balanceAfter: creditTransactions.balanceAfter,
      reason: creditTransactions.reason,
      messageId: creditTransactions.messageId,
      createdBy: creditTransactions.createdBy,
      createdByName: grantor.name,
      createdAt: creditTransactions.createdAt,
    })
    .from(creditTransactions)
    .leftJoin(grantor, eq(grantor.id, creditTransactions.createdBy));

function toEntry(row: Omit<LedgerEntry, "createdAt"> & { createdAt: Date }): LedgerEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function getLedgerEntry(db: Database, input: { id: string; businessId: string }): Promise<LedgerEntry | null> {
  const [row] = await ledgerRows(db).where(and(eq(creditTransactions.id, input.id), eq(creditTransactions.businessId, input.businessId)));
  return row ? toEntry(row) : null;
}

/** A user's ledger, newest write first; the business is part of the WHERE so another tenant's rows never appear. */
export async function listLedger(
  db: Database,
  input: { businessId: string; userId: string; limit: number; offset: number },
): Promise<{ count: number; rows: LedgerEntry[] }> {
  const where = and(eq(creditTransactions.businessId, input.businessId), eq(creditTransactions.userId, input.userId));
  const [rows, count] = await Promise.all([
    ledgerRows(db)
      .where(where)
      // Write order, not time: every row of one transaction shares its start time, and only seq
      // (an identity) says which came first, so each row's balanceAfter follows from the next one.
      .orderBy(desc(creditTransactions.seq))
      .limit(input.limit)
      .offset(input.offset),
    db.$count(creditTransactions, where),
  ]);
  return { count, rows: rows.map(toEntry) };
}
