import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { creditTransactions, users, type CreditKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";

/** The largest balance the integer columns hold. */
export const MAX_BALANCE = 2_147_483_647;

export type CreditChange = {
  userId: string;
  businessId: string;
  amount: number;
  kind: CreditKind;
  reason?: string | null;
  messageId?: string | null;
  createdBy?: string | null;
  /**
   * A tighter ceiling for this change (the operator's MAX_CREDIT_BALANCE for grants), checked in the
   * same conditional update so two concurrent grants cannot both slip under it. Refunds and
   * reservations pass none: giving back a reservation must never fail.
   */
  maxBalance?: number;
};

/**
 * Moves a user's balance by `amount` and writes the ledger row, inside the caller's transaction.
 * The update is conditional (balance + amount >= 0, same business) so concurrent spends can never
 * overdraw: a debit that does not fit throws 402 `insufficient_credits`, a credit above the ceiling 409
 * `conflict`; an unknown user throws 404.
 */
export async function applyCreditChange(
  tx: Database,
  { maxBalance, ...change }: CreditChange,
): Promise<{ balance: number; transactionId: string }> {
  const ceiling = Math.min(maxBalance ?? MAX_BALANCE, MAX_BALANCE);
  const [updated] = await tx
    .update(users)
    .set({ credits: sql`${users.credits} + ${change.amount}` })
    .where(
      and(
        eq(users.id, change.userId),
        eq(users.businessId, change.businessId),
        gte(sql`${users.credits}::bigint + ${change.amount}`, 0),
        lte(sql`${users.credits}::bigint + ${change.amount}`, ceiling),
      ),
    )
    .returning({ credits: users.credits });
  if (!updated) {
    const [exists] = await tx
      .select({ id: users.id, credits: users.credits })
      .from(users)
      .where(and(eq(users.id, change.userId), eq(users.businessId, change.businessId)));
    if (!exists) throw new AppError("not_found", "User not found.");
    if (exists.credits + change.amount > ceiling) {
      throw new AppError("conflict", `A balance cannot exceed ${formatCount(ceiling)} credits.`);
    }
    throw new AppError("insufficient_credits", "Not enough credits for this change.");
  }
  const [row] = await tx
    .insert(creditTransactions)
    .values({ ...change, balanceAfter: updated.credits })
    .returning({ id: creditTransactions.id });
  return { balance: updated.credits, transactionId: row!.id };
}
