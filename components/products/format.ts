/** "1299.9" → "$1,299.90". Works on the decimal string directly: no float ever touches money. */
export function formatPrice(amount: string): string {
  const [whole = "0", fraction = ""] = amount.split(".");
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0").slice(0, 2)}`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

export function formatStock(stock: number | null): string {
  return stock === null ? "Unlimited" : stock.toLocaleString("en-US");
}
