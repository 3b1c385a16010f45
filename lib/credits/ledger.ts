import { and, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { creditTransactions, users, type CreditKind } from "../../db/schema";
import { AppError } from "../errors";

export type CreditChange = {
  userId: string;
  businessId: string;
  amount: number;
  kind: CreditKind;
  reason?: string | null;
  messageId?: string | null;
  createdBy?: string | null;
};

/**
 * Moves a user's balance by `amount` and writes the ledger row, inside the caller's transaction.
 * The update is conditional (balance + amount >= 0, same business) so concurrent spends can never
 * overdraw: a debit that does not fit throws 402 `insufficient_credits`; an unknown user throws 404.
 */
export async function applyCreditChange(tx: Database, change: CreditChange): Promise<{ balance: number; transactionId: string }> {
  const [updated] = await tx
    .update(users)
    .set({ credits: sql`${users.credits} + ${change.amount}` })
    .where(
      and(
        eq(users.id, change.userId),
        eq(users.businessId, change.businessId),
        gte(sql`${users.credits} + ${change.amount}`, 0),
      ),
    )
    .returning({ credits: users.credits });
  if (!updated) {
    const [exists] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, change.userId), eq(users.businessId, change.businessId)));
    if (!exists) throw new AppError("not_found", "User not found.");
    throw new AppError("insufficient_credits", "Not enough credits for this change.");
  }
  const [row] = await tx
    .insert(creditTransactions)
    .values({
      businessId: change.businessId,
      userId: change.userId,
      kind: change.kind,
      amount: change.amount,
      balanceAfter: updated.credits,
      reason: change.reason ?? null,
      messageId: change.messageId ?? null,
      createdBy: change.createdBy ?? null,
    })
    .returning({ id: creditTransactions.id });
  return { balance: updated.credits, transactionId: row!.id };
}
