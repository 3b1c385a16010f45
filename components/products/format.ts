import { formatCount } from "@/lib/format";

/** A product's stock for display: null means the product is not stock-tracked. */
export function formatStock(stock: number | null): string {
  return stock === null ? "Unlimited" : formatCount(stock);
}
