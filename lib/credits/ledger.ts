import { and, eq, gte, lte, sql } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { businesses, creditTransactions, users, type CreditKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";

/** The largest balance the integer columns hold. */
export const MAX_BALANCE = 2_147_483_647;

export type CreditChange = {
  /** The member whose balance moves; null moves the business wallet (what end users' messages spend). */
  userId: string | null;
  businessId: string;
  /** The end user whose message this is, on wallet rows. */
  endUserId?: string | null;
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
 * Moves a member's balance (or the business wallet) by `amount` and writes the ledger row, inside the caller's transaction.
 * The update is conditional (balance + amount >= 0, same business) so concurrent spends can never
 * overdraw: a debit that does not fit throws 402 `insufficient_credits`, a credit above the ceiling 409
 * `conflict`; an unknown user throws 404.
 */
export async function applyCreditChange(
  tx: Database,
  { maxBalance, ...change }: CreditChange,
): Promise<{ balance: number; transactionId: string }> {
  const ceiling = Math.min(maxBalance ?? MAX_BALANCE, MAX_BALANCE);
  const account = accountOf(change);
  const update = tx
    .update(account.table)
    .set({ [account.field]: sql`${account.column} + ${change.amount}` })
    .where(
      and(
        account.where,
        gte(sql`${account.column}::bigint + ${change.amount}`, 0),
        // Only what adds is held to the ceiling: a balance already above it (the operator lowered it, a
        // refund landed on a full one) can still be taken from.
        change.amount > 0 ? lte(sql`${account.column}::bigint + ${change.amount}`, ceiling) : undefined,
      ),
    )
    .returning({ credits: sql<number>`${account.column}`.as("credits") });
  // One statement: the ledger row is inserted from what the conditional update returned, so it exists
  // exactly when the balance moved.
  const [written] = await selectRows<{ id: string; balance: number }>(
    tx,
    sql`with updated as (${update.getSQL()})
        insert into ${creditTransactions} (business_id, user_id, end_user_id, kind, amount, balance_after, reason, message_id, created_by)
        select ${change.businessId}::uuid, ${change.userId}::uuid, ${change.endUserId ?? null}::uuid, ${change.kind}::credit_kind,
               ${change.amount}::int, updated.credits, ${change.reason ?? null}::text, ${change.messageId ?? null}::uuid, ${change.createdBy ?? null}::uuid
        from updated
        returning id, balance_after as balance`,
  );
  if (!written) {
    const [exists] = await tx.select({ credits: account.column }).from(account.table).where(account.where);
    if (!exists) throw new AppError("not_found", change.userId ? "User not found." : "Business not found.");
    if (change.amount > 0 && exists.credits + change.amount > ceiling) {
      throw new AppError("conflict", `A balance cannot exceed ${formatCount(ceiling)} credits.`);
    }
    throw new AppError("insufficient_credits", "Not enough credits for this change.");
  }
  return { balance: Number(written.balance), transactionId: written.id };
}

/** The balance column a change moves: the member's, or the business wallet's (always within the same business). */
function accountOf(change: Pick<CreditChange, "userId" | "businessId">) {
  if (change.userId) {
    return {
      table: users,
      column: users.credits,
      field: "credits",
      where: and(eq(users.id, change.userId), eq(users.businessId, change.businessId)),
    } as const;
  }
  return {
    table: businesses,
    column: businesses.walletCredits,
    field: "walletCredits",
    where: eq(businesses.id, change.businessId),
  } as const;
}
