import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { products } from "@/db/schema";
import { searchTerms } from "@/lib/ai/search-terms";
import type { ProductDto } from "@/lib/products/schemas";
import { getApprovedProduct as getCatalogProduct, searchApprovedProducts as searchCatalog } from "@/lib/products/service";

export type RetrievedProduct = {
  id: string;
  name: string;
  description: string;
  price: string;
  category: string | null;
  stock: number | null;
  rank: number;
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

const retrievedColumns = {
  id: products.id,
  name: products.name,
  description: products.description,
  price: products.price,
  category: products.category,
  stock: products.stock,
};

function retrieved(product: ProductDto, rank: number): RetrievedProduct {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price,
    category: product.category,
    stock: product.stock,
    rank,
  };
}

/**
 * Approved products of one business, best match first, through the catalog's own full-text
 * search. Only the words that name something are searched (filler like "do you have any" is
 * dropped), and a message with none of those retrieves nothing rather than arbitrary products.
 */
export async function searchApprovedProducts(input: { businessId: string; query: string; limit: number }): Promise<RetrievedProduct[]> {
  const terms = searchTerms(input.query);
  if (!terms.length) return [];
  const found = await searchCatalog({ businessId: input.businessId, query: terms.join(" "), limit: input.limit });
  return found.map((product, index) => retrieved(product, found.length - index));
}

/** One approved product of the business, or null (another business's, not approved, or no such id). */
export async function getApprovedProduct(input: { businessId: string; productId: string }): Promise<RetrievedProduct | null> {
  if (!isUuid(input.productId)) return null;
  const product = await getCatalogProduct(input);
  return product ? retrieved(product, 0) : null;
}

export async function getApprovedProductsByIds(
  input: { businessId: string; ids: string[] },
  db: Database = getDb(),
): Promise<RetrievedProduct[]> {
  const ids = input.ids.filter(isUuid);
  if (!ids.length) return [];
  const rows = await db
    .select(retrievedColumns)
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.businessId, input.businessId), eq(products.status, "approved")));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, rank: 0 }] : [];
  });
}
