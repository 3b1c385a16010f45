import { z } from "zod";
import { listFormatQuery, pageQuery } from "@/lib/pagination-query";
import { PRICE_PATTERN } from "@/lib/products/vocabulary";

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 100;

/**
 * POST /api/purchases body (also the confirm card's payload). Strict types: "2" is not a quantity.
 * `expectedUnitPrice` is the price the buyer was shown; it is required of every caller so that no
 * purchase can charge a price nobody saw (a changed price answers 409 `price_changed`).
 */
export const createPurchaseSchema = z.object({
  productId: z.uuid({ error: "Must be a product id." }),
  expectedUnitPrice: z
    .string({ error: "Must be the unit price you were shown, as a decimal string such as \"19.99\"." })
    .trim()
    .regex(PRICE_PATTERN, { error: "Must be the unit price you were shown, as a decimal string such as \"19.99\"." }),
  quantity: z
    .number({ error: "Must be a whole number." })
    .int({ error: "Must be a whole number." })
    .min(MIN_QUANTITY, { error: `Must be at least ${MIN_QUANTITY}.` })
    .max(MAX_QUANTITY, { error: `Must be at most ${MAX_QUANTITY}.` }),
  sessionId: z.uuid({ error: "Must be a chat session id." }).nullish(),
});

export type CreatePurchaseInput = z.infer<typeof createPurchaseSchema>;

/** GET /api/purchases query string. */
export const listPurchasesQuerySchema = z.object({
  userId: z.uuid({ error: "Must be a user id." }).optional(),
  ...pageQuery,
  ...listFormatQuery,
});

export type ListPurchasesInput = z.infer<typeof listPurchasesQuerySchema>;

/**
 * Idempotency-Key header: an opaque client token (Stripe allows up to 255 chars; the IETF draft
 * makes it a structured-field string, i.e. printable ASCII).
 */
export const idempotencyKeySchema = z
  .string()
  .min(1, { error: "Must not be empty." })
  .max(255, { error: "Must be at most 255 characters." })
  .regex(/^[\x20-\x7e]+$/, { error: "Must be printable ASCII." });

/** A purchase as every API and the UI see it; money is a decimal string. */
export type PurchaseView = {
  id: string;
  productId: string | null;
  productName: string;
  quantity: number;
  unitPrice: string;
  total: string;
  sessionId: string | null;
  userId: string;
  userName: string;
  createdAt: string;
};

export type PurchaseTotals = { count: number; revenue: string };
export type PurchaseBuyer = { id: string; name: string; email: string };

export type PurchasePage = {
  count: number;
  next: string | null;
  previous: string | null;
  results: PurchaseView[];
  /** Admins only: totals over the filtered set, and everyone in the business who bought (for the user filter). */
  totals?: PurchaseTotals;
  buyers?: PurchaseBuyer[];
};
