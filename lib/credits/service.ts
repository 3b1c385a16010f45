import "server-only";
import { getDb, transaction, type Database } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import type { RequestContext } from "@/lib/request-context";
import { lockBusiness } from "@/lib/business/queries";
import { getUserInBusiness } from "@/lib/users/queries";
import { assertStillMay } from "@/lib/users/service";
import { creditsEvent, publishEvents } from "@/lib/events/publish";
import { applyCreditChange } from "./ledger";
import { getBalanceRow, getLedgerEntry, getWalletBalance, listLedger, listWalletLedger } from "./queries";
import type {
  AdjustWalletInput,
  CreditChangeLimits,
  GrantCreditsInput,
  GrantResult,
  LedgerQuery,
  UserLedgerPage,
  WalletAdjustResult,
  WalletPage,
  WalletQuery,
} from "./schemas";
import { pageWindow } from "@/lib/pagination";

/** A message's charge: to a member's balance, or (userId null) to the business wallet for an end user's message. */
export type Charge = {
  userId: string | null;
  businessId: string;
  endUserId?: string | null;
  amount: number;
  messageId?: string | null;
  reason?: string | null;
};

/**
 * Reserves `amount` credits for one assistant message inside `tx` (before the model is called).
 * One conditional update: concurrent reservations can never overdraw. Throws 402 `insufficient_credits`.
 */
export async function reserveCredits(tx: Database, charge: Charge): Promise<{ balance: number }> {
  if (!Number.isInteger(charge.amount) || charge.amount < 0) throw new Error("reserveCredits needs a non-negative integer");
  try {
    const { balance } = await applyCreditChange(tx, {
      userId: charge.userId,
      businessId: charge.businessId,
      endUserId: charge.endUserId ?? null,
      amount: -charge.amount,
      kind: "message",
      messageId: charge.messageId ?? null,
      reason: charge.reason ?? "Assistant message",
    });
    return { balance };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "insufficient_credits") throw error;
    // Said for whoever pays: the member, or the business whose wallet pays for its customers' messages.
    const cost = formatCount(charge.amount);
    throw new AppError(
      "insufficient_credits",
      charge.userId
        ? `Not enough credits for a message: one costs ${cost}.`
        : `The business's wallet has too few credits for this message (one costs ${cost}); an admin can top it up.`,
    );
  }
}

/** Gives back a reservation whose model call failed before producing anything, inside `tx`. */
export async function refundCredits(tx: Database, charge: Charge): Promise<{ balance: number }> {
  if (!Number.isInteger(charge.amount) || charge.amount < 0) throw new Error("refundCredits needs a non-negative integer");
  const { balance } = await applyCreditChange(tx, {
    userId: charge.userId,
    businessId: charge.businessId,
    endUserId: charge.endUserId ?? null,
    amount: charge.amount,
    kind: "refund",
    messageId: charge.messageId ?? null,
    reason: charge.reason ?? "The assistant could not answer",
  });
  return { balance };
}

/** A new business's wallet gets the operator's WALLET_INITIAL_CREDITS as its first ledger row, inside `tx`. */
export async function openBusinessWallet(tx: Database, input: { businessId: string }): Promise<void> {
  const amount = env().WALLET_INITIAL_CREDITS;
  if (amount === 0) return;
  await applyCreditChange(tx, { userId: null, businessId: input.businessId, amount, kind: "signup", reason: "Opening balance of the business wallet" });
}

/** Any signed-in user: their own balance and what one message costs in their business. Throws 404. */
export async function getBalance(actor: Actor): Promise<{ credits: number; messageCost: number }> {
  const row = await getBalanceRow(getDb(), { userId: actor.id, businessId: actor.businessId });
  if (!row) throw notFound("User");
  return row;
}

function amountError(message: string): AppError {
  return new AppError("invalid_request", "The request is invalid.", { fields: { amount: [message] } });
}

/**
 * credits:manage. Grants credits to (or, with a negative amount, claws them back from) a user of the
 * caller's business, audited. Throws 400 on `amount` (beyond the operator's MAX_CREDIT_GRANT, or a
 * balance that would pass MAX_CREDIT_BALANCE), 403, 404 (another business's user), 409 `conflict` (below 0).
 */
export async function grantCredits(actor: Actor, input: GrantCreditsInput, ctx: RequestContext = {}): Promise<GrantResult> {
  assertCan(actor, "credits:manage");
  const { MAX_CREDIT_GRANT, MAX_CREDIT_BALANCE } = env();
  if (Math.abs(input.amount) > MAX_CREDIT_GRANT) {
    throw amountError(`A single grant or claw-back is at most ${formatCount(MAX_CREDIT_GRANT)} credits.`);
  }
  return transaction(async (tx) => {
    // An admin demoted or deactivated while this request was on its way grants nothing (to themselves, say).
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "credits:manage");
    const target = await getUserInBusiness(tx, { businessId: actor.businessId, userId: input.userId });
    if (!target) throw notFound("User");
    let change: { balance: number; transactionId: string };
    try {
      change = await applyCreditChange(tx, {
        userId: target.id,
        businessId: actor.businessId,
        amount: input.amount,
        kind: "grant",
        reason: input.reason,
        createdBy: actor.id,
        maxBalance: MAX_CREDIT_BALANCE,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") {
        // The ceiling, checked in the same conditional update as the grant (two grants cannot both slip under it).
        throw amountError(
          `${target.name} has ${formatCount(target.credits)} credits; a balance may hold at most ${formatCount(MAX_CREDIT_BALANCE)}.`,
        );
      }
      if (error instanceof AppError && error.code === "insufficient_credits") {
        throw new AppError(
          "conflict",
          `Cannot claw back ${Math.abs(input.amount)} credits: ${target.name} has ${target.credits}, and a balance never goes below 0.`,
          { cause: error },
        );
      }
      throw error;
    }
    await recordAudit(tx, {
      actor,
      action: "credits.grant",
      entityType: "user",
      entityId: target.id,
      summary: {
        userName: target.name,
        amount: input.amount,
        reason: input.reason,
        balanceBefore: change.balance - input.amount,
        balanceAfter: change.balance,
        transactionId: change.transactionId,
      },
      requestId: ctx.requestId,
    });
    const entry = await getLedgerEntry(tx, { id: change.transactionId, businessId: actor.businessId });
    await publishEvents(tx, actor.businessId, [creditsEvent({ businessId: actor.businessId, userId: target.id, balance: change.balance })]);
    return { transaction: entry!, balance: change.balance };
  });
}

function creditChangeLimits(): CreditChangeLimits {
  const { MAX_CREDIT_GRANT, MAX_CREDIT_BALANCE } = env();
  return { maxChange: MAX_CREDIT_GRANT, maxBalance: MAX_CREDIT_BALANCE };
}

/** credits:manage. One user's credit ledger, newest first, and the bounds of a change. Throws 403, 404 (another business's user). */
export async function listUserLedger(actor: Actor, query: LedgerQuery): Promise<UserLedgerPage> {
  assertCan(actor, "credits:manage");
  const db = getDb();
  const target = await getUserInBusiness(db, { businessId: actor.businessId, userId: query.userId });
  if (!target) throw notFound("User");
  const { count, rows } = await listLedger(db, {
    businessId: actor.businessId,
    userId: target.id,
    ...pageWindow(query),
  });
  return { count, results: rows, limits: creditChangeLimits() };
}

/** credits:manage. The business wallet's balance, its ledger (newest write first) and the bounds of a change. Throws 403. */
export async function getWallet(actor: Actor, query: WalletQuery): Promise<WalletPage> {
  assertCan(actor, "credits:manage");
  const db = getDb();
  const [balance, { count, rows }] = await Promise.all([
    getWalletBalance(db, { businessId: actor.businessId }),
    listWalletLedger(db, { businessId: actor.businessId, ...pageWindow(query) }),
  ]);
  if (balance === null) throw notFound("Business");
  return { balance, count, results: rows, limits: creditChangeLimits() };
}

/**
 * credits:manage. Adds credits to the business wallet (or, with a negative amount, takes them back),
 * audited. Throws 400 on `amount` (beyond the operator's MAX_CREDIT_GRANT, or a balance that would pass
 * MAX_CREDIT_BALANCE), 403, 409 `conflict` (below 0).
 */
export async function adjustWallet(actor: Actor, input: AdjustWalletInput, ctx: RequestContext = {}): Promise<WalletAdjustResult> {
  assertCan(actor, "credits:manage");
  const { MAX_CREDIT_GRANT, MAX_CREDIT_BALANCE } = env();
  if (Math.abs(input.amount) > MAX_CREDIT_GRANT) {
    throw amountError(`A single top-up or claw-back is at most ${formatCount(MAX_CREDIT_GRANT)} credits.`);
  }
  return transaction(async (tx) => {
    // As for a member's grant: the role is read again under the business's lock.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "credits:manage");
    let change: { balance: number; transactionId: string };
    try {
      change = await applyCreditChange(tx, {
        userId: null,
        businessId: actor.businessId,
        amount: input.amount,
        kind: "grant",
        reason: input.reason,
        createdBy: actor.id,
        maxBalance: MAX_CREDIT_BALANCE,
      });
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "conflict" && error.code !== "insufficient_credits")) throw error;
      // Read after the refused update, so the message names the balance that refused it, not one read before a race.
      const balance = (await getWalletBalance(tx, { businessId: actor.businessId })) ?? 0;
      if (error.code === "conflict") {
        throw amountError(
          `The business wallet has ${formatCount(balance)} credits; it may hold at most ${formatCount(MAX_CREDIT_BALANCE)}.`,
        );
      }
      throw new AppError(
        "conflict",
        `Cannot take ${formatCount(Math.abs(input.amount))} credits from the business wallet: it has ${formatCount(balance)}, and it never goes below 0.`,
        { cause: error },
      );
    }
    await recordAudit(tx, {
      actor,
      action: "wallet.adjust",
      entityType: "business",
      entityId: actor.businessId,
      summary: {
        amount: input.amount,
        reason: input.reason,
        balanceBefore: change.balance - input.amount,
        balanceAfter: change.balance,
        transactionId: change.transactionId,
      },
      requestId: ctx.requestId,
    });
    const entry = await getLedgerEntry(tx, { id: change.transactionId, businessId: actor.businessId });
    await publishEvents(tx, actor.businessId, [creditsEvent({ businessId: actor.businessId, userId: null, balance: change.balance })]);
    return { transaction: entry!, balance: change.balance };
  });
}
