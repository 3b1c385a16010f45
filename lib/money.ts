/**
 * Money travels as decimal strings ("1299.99", numeric(12,2) in Postgres). Arithmetic happens in
 * integer cents (bigint) so a total is never off by a binary-float rounding; nothing here touches
 * a float. Safe for the browser and the server.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250n; null for anything that is not a decimal amount with at most 2 places. */
export function toCents(amount: string): bigint | null {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return null;
  const [, sign, whole = "0", fraction = ""] = match;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return sign ? -cents : cents;
}

/** 1250n → "12.50". */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const magnitude = cents < 0n ? -cents : cents;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, "0")}`;
}

/** unitPrice × quantity as a decimal string, or null when the price is not an amount or the quantity not a count. */
export function lineTotal({ unitPrice, quantity }: { unitPrice: string; quantity: number }): string | null {
  const cents = toCents(unitPrice);
  if (cents === null || !Number.isInteger(quantity) || quantity < 0) return null;
  return fromCents(cents * BigInt(quantity));
}

/** "1299.9" → "$1,299.90", "-5" → "-$5.00"; anything that is not a decimal amount is shown as sent. */
export function formatMoney(amount: string): string {
  const cents = toCents(amount);
  if (cents === null) return amount;
  const negative = cents < 0n;
  const [whole = "0", fraction = "00"] = fromCents(negative ? -cents : cents).split(".");
  return `${negative ? "-" : ""}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}
