import "server-only";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
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
      endUserId: creditTransactions.endUserId,
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
  const where = and(eq(creditTransactions.businessId, input.businessId), eq(creditTransactions.userId, input.userId))!;
  return ledgerPage(db, where, input);
}

/** The business wallet's ledger (the rows without a user), newest write first. */
export async function listWalletLedger(
  db: Database,
  input: { businessId: string; limit: number; offset: number },
): Promise<{ count: number; rows: LedgerEntry[] }> {
  const where = and(eq(creditTransactions.businessId, input.businessId), isNull(creditTransactions.userId))!;
  return ledgerPage(db, where, input);
}

async function ledgerPage(db: Database, where: SQL, window: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    ledgerRows(db)
      .where(where)
      // Write order, not time: every row of one transaction shares its start time, and only seq
      // (an identity) says which came first, so each row's balanceAfter follows from the next one.
      .orderBy(desc(creditTransactions.seq))
      .limit(window.limit)
      .offset(window.offset),
    db.$count(creditTransactions, where),
  ]);
  return { count, rows: rows.map(toEntry) };
}

/** The business wallet's balance (what end users' messages spend), or null for an unknown business. */
export async function getWalletBalance(db: Database, input: { businessId: string }): Promise<number | null> {
  const [row] = await db
    .select({ balance: businesses.walletCredits })
    .from(businesses)
    .where(eq(businesses.id, input.businessId))
    .limit(1);
  return row ? row.balance : null;
}
