import "server-only";
import { getDb, type Database } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { applyCreditChange } from "./ledger";
import { getBalanceRow } from "./queries";

type Charge = { userId: string; businessId: string; amount: number; messageId?: string | null; reason?: string | null };

/**
 * Reserves `amount` credits for one assistant message inside `tx` (before the model is called).
 * One conditional update: concurrent reservations can never overdraw. Throws 402 `insufficient_credits`.
 */
export async function reserveCredits(tx: Database, charge: Charge): Promise<{ balance: number }> {
  if (!Number.isInteger(charge.amount) || charge.amount < 0) throw new Error("reserveCredits needs a non-negative integer");
  const { balance } = await applyCreditChange(tx, {
    userId: charge.userId,
    businessId: charge.businessId,
    amount: -charge.amount,
    kind: "message",
    messageId: charge.messageId ?? null,
    reason: charge.reason ?? "Assistant message",
  });
  return { balance };
}

/** Gives back a reservation whose model call failed before producing anything, inside `tx`. */
export async function refundCredits(tx: Database, charge: Charge): Promise<{ balance: number }> {
  if (!Number.isInteger(charge.amount) || charge.amount < 0) throw new Error("refundCredits needs a non-negative integer");
  const { balance } = await applyCreditChange(tx, {
    userId: charge.userId,
    businessId: charge.businessId,
    amount: charge.amount,
    kind: "refund",
    messageId: charge.messageId ?? null,
    reason: charge.reason ?? "The assistant could not answer",
  });
  return { balance };
}

/**
 * An admin grants (or, with a negative amount, withdraws) credits to a user of their business.
 * Needs `credits:manage`; 404 for a user of another business; 402 if a withdrawal exceeds the balance.
 */
export async function grantCredits(
  actor: Actor,
  input: { userId: string; amount: number; reason: string },
  options: { requestId?: string } = {},
): Promise<{ userId: string; credits: number; transactionId: string }> {
  assertCan(actor, "credits:manage");
  if (!Number.isInteger(input.amount) || input.amount === 0) {
    throw new AppError("invalid_request", "The amount must be a non-zero integer.", { fields: { amount: ["Must be a non-zero integer"] } });
  }
  return getDb().transaction(async (tx) => {
    const { balance, transactionId } = await applyCreditChange(tx, {
      userId: input.userId,
      businessId: actor.businessId,
      amount: input.amount,
      kind: "grant",
      reason: input.reason,
      createdBy: actor.id,
    });
    await recordAudit(tx, {
      actor,
      action: "credits.grant",
      entityType: "user",
      entityId: input.userId,
      summary: { amount: input.amount, reason: input.reason, balance },
      requestId: options.requestId,
    });
    return { userId: input.userId, credits: balance, transactionId };
  });
}

/** The caller's own balance and what one message costs in their business. Any signed-in user. */
export async function getBalance(actor: Actor): Promise<{ credits: number; messageCost: number }> {
  const row = await getBalanceRow({ userId: actor.id, businessId: actor.businessId });
  if (!row) throw notFound("User");
  return row;
}
