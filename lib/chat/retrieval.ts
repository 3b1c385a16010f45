import "server-only";
import type { ProductDto } from "@/lib/products/schemas";
import { searchCatalog } from "@/lib/search/service";

/**
 * Approved products of one business that a shopper's words mean, best match first (see
 * lib/search/service.ts): the assistant's retrieval, whichever model answers.
 */
export async function retrieveProducts(input: { businessId: string; text: string; limit: number }): Promise<ProductDto[]> {
  return (await searchCatalog(input)).products;
}

