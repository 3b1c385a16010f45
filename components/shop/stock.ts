import type { BadgeTone } from "@/components/ui/badge";

/** At or below this many left, the storefront says how many ("Only 3 left"). */
export const LOW_STOCK = 5;

/** How a product's stock reads to a shopper; NULL stock is unlimited. */
export function stockStatus(stock: number | null): { text: string; tone: BadgeTone } {
  if (stock === null || stock > LOW_STOCK) return { text: "In stock", tone: "success" };
  if (stock === 0) return { text: "Out of stock", tone: "danger" };
  return { text: `Only ${stock} left`, tone: "warning" };
}
