import { z } from "zod";
import { pageQuery } from "@/lib/pagination-query";
import type { CreditKind } from "@/db/schema";
import { formatCount } from "@/lib/format";

/** Limits shared by the grant form and POST /api/business/credits. */
export const CREDIT_LIMITS = {
  grantAmount: 10_000_000,
  grantReason: 500,
} as const;

/** POST /api/business/credits: a grant, or a claw-back when negative. */
export const grantCreditsSchema = z
  .object({
    userId: z.uuid({ error: "User id must be a UUID." }),
    amount: z
      .number({ error: "Amount must be a number." })
      .int("Amount must be a whole number of credits.")
      .refine((value) => value !== 0, "Amount cannot be zero.")
      .refine(
        (value) => Math.abs(value) <= CREDIT_LIMITS.grantAmount,
        `Amount must be between -${formatCount(CREDIT_LIMITS.grantAmount)} and ${formatCount(CREDIT_LIMITS.grantAmount)}.`,
      ),
    reason: z
      .string({ error: "Reason must be text." })
      .trim()
      .min(1, "Reason is required.")
      .max(CREDIT_LIMITS.grantReason, `Reason must be at most ${CREDIT_LIMITS.grantReason} characters.`),
  })
  .strict();

export type GrantCreditsInput = z.infer<typeof grantCreditsSchema>;

/** GET /api/business/credits?userId=&page=&pageSize= */
export const ledgerQuerySchema = z.object({
  userId: z.uuid({ error: "userId must be a UUID." }),
  ...pageQuery,
});

export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

/** One row of a credit ledger (a member's, or the business wallet's with userId null) as the API returns it. */
export type LedgerEntry = {
  id: string;
  userId: string | null;
  endUserId: string | null;
  kind: CreditKind;
  amount: number;
  balanceAfter: number;
  reason: string | null;
  messageId: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
};

/**
 * The operator's bounds (MAX_CREDIT_GRANT, MAX_CREDIT_BALANCE), sent beside a ledger so the form that
 * changes it refuses what the server would, before sending.
 */
export type CreditChangeLimits = {
  /** The largest grant or claw-back at once. */
  maxChange: number;
  /** The largest balance a member or the wallet may hold. */
  maxBalance: number;
};

/** GET /api/business/credits: one page of a member's ledger, with the operator's bounds. */
export type UserLedgerPage = { count: number; results: LedgerEntry[]; limits: CreditChangeLimits };

export type GrantResult = {
  transaction: LedgerEntry;
  balance: number;
};

/** POST /api/business/wallet: credits added to the business wallet, or taken from it when negative. */
export const adjustWalletSchema = z
  .object({
    amount: grantCreditsSchema.shape.amount,
    reason: grantCreditsSchema.shape.reason,
  })
  .strict();

export type AdjustWalletInput = z.infer<typeof adjustWalletSchema>;

/** GET /api/business/wallet?page=&pageSize= */
export const walletQuerySchema = z.object({ ...pageQuery });

export type WalletQuery = z.infer<typeof walletQuerySchema>;

/** The business wallet: its balance and one page of its ledger, newest write first. */
export type WalletPage = { balance: number; count: number; results: LedgerEntry[]; limits: CreditChangeLimits };

export type WalletAdjustResult = GrantResult;
