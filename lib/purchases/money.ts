import { AppError } from "../errors";

/** numeric(12,2): the largest amount a purchase total column holds, in cents. */
const MAX_CENTS = 999_999_999_999n;

function toCents(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`Not a money amount: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

function fromCents(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/**
 * unit price × quantity in exact integer cents (never floating point), as a decimal string.
 * Throws 400 when the total would not fit the column, instead of letting the insert fail.
 */
export function lineTotal(unitPrice: string, quantity: number): string {
  const cents = toCents(unitPrice) * BigInt(quantity);
  if (cents > MAX_CENTS) {
    throw new AppError("invalid_request", "The purchase total is too large.", {
      fields: { quantity: ["The total of this purchase exceeds the largest amount we can record."] },
    });
  }
  return fromCents(cents);
}
