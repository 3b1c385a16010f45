import { asc, desc, eq, gt, gte, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { products } from "@/db/schema";

/**
 * The conditions and orders shared by the two public lists of approved products (the cross-business
 * catalog in lib/products/queries.ts and one storefront in lib/shops/queries.ts), so a filter or a
 * sort means the same thing in both. Search conditions and ranks stay with their callers, which
 * build the tsquery.
 */

export type ApprovedProductFilters = {
  category?: string;
  minPrice?: string;
  maxPrice?: string;
  /** Only products that can be bought now: unlimited (NULL) stock counts as in stock. */
  inStock?: boolean;
};

export type ApprovedProductSort = "relevance" | "price_asc" | "price_desc" | "newest";

/** `status = 'approved'` and the filters given, as conditions to AND together. */
export function approvedProductConditions(filters: ApprovedProductFilters): SQL[] {
  const conditions: SQL[] = [eq(products.status, "approved")];
  if (filters.category) conditions.push(eq(products.category, filters.category));
  if (filters.minPrice) conditions.push(gte(products.price, filters.minPrice));
  if (filters.maxPrice) conditions.push(lte(products.price, filters.maxPrice));
  if (filters.inStock) conditions.push(or(isNull(products.stock), gt(products.stock, 0))!);
  return conditions;
}

/**
 * The ORDER BY of a sort. Every order ends on the id so pages never overlap or skip a row, and the
 * price and newest orders are exactly the storefront's partial indexes ((business_id, price, id) and
 * (business_id, created_at, id) where approved), walked forwards or backwards. Relevance is the rank
 * when there is a search (newest first among equals) and newest without one.
 */
export function approvedProductOrder(input: { sort: ApprovedProductSort; rank: SQL<number> | null }): SQL[] {
  switch (input.sort) {
    case "price_asc":
      return [asc(products.price), asc(products.id)];
    case "price_desc":
      return [desc(products.price), desc(products.id)];
    case "newest":
      return [desc(products.createdAt), desc(products.id)];
    case "relevance":
      return [...(input.rank ? [desc(input.rank)] : []), desc(products.createdAt), desc(products.id)];
  }
}

/**
 * What toPrefixTsquery gives for a search of only symbols or emoji ("🌮", "!!!"): it asks for
 * something, and no product's words are it. No tsquery built from words is this (`!` is not kept).
 */
export const UNSEARCHABLE = "!unsearchable";

/** The full-text match and rank of a prefix tsquery (lib/products/queries.ts toPrefixTsquery), always a bound parameter. */
export function searchMatch(tsquery: string): { condition: SQL; rank: SQL<number> } {
  // The rank a cast, not a bare 0: ORDER BY reads a bare integer as a column position.
  if (tsquery === UNSEARCHABLE) return { condition: sql`false`, rank: sql<number>`0::real` };
  const query = sql`to_tsquery('english', ${tsquery})`;
  return { condition: sql`${products.search} @@ ${query}`, rank: sql<number>`ts_rank(${products.search}, ${query})` };
}
