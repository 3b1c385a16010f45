import "server-only";
import { and, count, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { businesses, creditTransactions, users, type Business } from "../../db/schema";
import type { BusinessSettings, LedgerEntry } from "./schemas";

export async function getBusinessById(db: Database, businessId: string): Promise<Business | null> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  return row ?? null;
}

/** Locks the row so two admins saving at once produce two ordered audit entries with true "before" values. */
export async function getBusinessForUpdate(tx: Database, businessId: string): Promise<Business | null> {
  const [row] = await tx.select().from(businesses).where(eq(businesses.id, businessId)).for("update");
  return row ?? null;
}

export async function updateBusinessRow(
  tx: Database,
  input: { businessId: string; values: Partial<BusinessSettings> & { name?: string } },
): Promise<Business> {
  const [row] = await tx.update(businesses).set(input.values).where(eq(businesses.id, input.businessId)).returning();
  return row!;
}

export async function getUserInBusiness(db: Database, input: { userId: string; businessId: string }) {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, credits: users.credits })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

const grantor = alias(users, "grantor");

const ledgerColumns = {
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
};

type LedgerRow = Omit<LedgerEntry, "createdAt"> & { createdAt: Date };

function toEntry(row: LedgerRow): LedgerEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function getLedgerEntry(db: Database, input: { id: string; businessId: string }): Promise<LedgerEntry | null> {
  const [row] = await db
    .select(ledgerColumns)
    .from(creditTransactions)
    .leftJoin(grantor, eq(grantor.id, creditTransactions.createdBy))
    .where(and(eq(creditTransactions.id, input.id), eq(creditTransactions.businessId, input.businessId)));
  return row ? toEntry(row) : null;
}

/** A user's ledger, newest first; the business is part of the WHERE so another tenant's rows never appear. */
export async function listLedger(
  db: Database,
  input: { businessId: string; userId: string; limit: number; offset: number },
): Promise<{ count: number; rows: LedgerEntry[] }> {
  const where = and(eq(creditTransactions.businessId, input.businessId), eq(creditTransactions.userId, input.userId));
  const [rows, [total]] = await Promise.all([
    db
      .select(ledgerColumns)
      .from(creditTransactions)
      .leftJoin(grantor, eq(grantor.id, creditTransactions.createdBy))
      .where(where)
      .orderBy(desc(creditTransactions.createdAt), desc(creditTransactions.id))
      .limit(input.limit)
      .offset(input.offset),
    db.select({ value: count() }).from(creditTransactions).where(where),
  ]);
  return { count: Number(total?.value ?? 0), rows: rows.map(toEntry) };
}

export type ChatSettings = {
  businessId: string;
  businessName: string;
  botName: string;
  greeting: string;
  instructions: string;
  model: string;
  messageCost: number;
};

/** What the assistant needs to know about its business for one turn. */
export async function getChatSettings(db: Database, input: { businessId: string }): Promise<ChatSettings | null> {
  const [row] = await db
    .select({
      businessId: businesses.id,
      businessName: businesses.name,
      botName: businesses.botName,
      greeting: businesses.greeting,
      instructions: businesses.instructions,
      model: businesses.model,
      messageCost: businesses.messageCost,
    })
    .from(businesses)
    .where(eq(businesses.id, input.businessId))
    .limit(1);
  return row ?? null;
}
