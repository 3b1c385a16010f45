import "server-only";
import { searchTerms } from "@/lib/ai/search-terms";
import type { ProductDto } from "@/lib/products/schemas";
import { searchApprovedProducts } from "@/lib/products/service";

/**
 * Approved products of one business that the words of `text` name, best match first, through
 * the catalog's own full-text search. Filler like "do you have any" is dropped before searching,
 * and text with nothing else retrieves nothing rather than arbitrary products.
 */
export async function retrieveProducts(input: { businessId: string; text: string; limit: number }): Promise<ProductDto[]> {
  const terms = searchTerms(input.text);
  if (!terms.length) return [];
  return searchApprovedProducts({ businessId: input.businessId, query: terms.join(" "), limit: input.limit });
}
