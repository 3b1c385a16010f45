/**
 * Prices travel as decimal strings ("1299.99"); arithmetic is done in integer cents (bigint) so a
 * total is never off by a binary-float rounding.
 */

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint | null {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return null;
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}

export function fromCents(cents: bigint): string {
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, "0");
  return `${whole}.${fraction}`;
}

/** unitPrice × quantity as a decimal string, or null when the price is not a valid amount. */
export function lineTotal({ unitPrice, quantity }: { unitPrice: string; quantity: number }): string | null {
  const cents = toCents(unitPrice);
  if (cents === null || !Number.isInteger(quantity) || quantity < 0) return null;
  return fromCents(cents * BigInt(quantity));
}

/** "1299.9" → "$1,299.90"; anything that is not a decimal amount is shown as sent. */
export function formatPrice(amount: string): string {
  const cents = toCents(amount);
  if (cents === null) return amount;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}
