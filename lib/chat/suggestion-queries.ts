import "server-only";
import { and, asc, count, desc, eq, isNotNull, isNull, or, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { products, purchases } from "@/db/schema";

export type SuggestedCategory = { name: string; products: number; medianPrice: number };
export type BestSeller = { id: string; name: string; purchases: number };

// Out-of-stock products are left out: a suggestion should lead to something the member can buy.
const inStock = or(isNull(products.stock), gt(products.stock, 0));

/** The business's categories that hold approved products in stock, the fullest first, with their median price. */
export async function listSuggestedCategories(db: Database, input: { businessId: string; limit: number }): Promise<SuggestedCategory[]> {
  const rows = await db
    .select({
      name: products.category,
      products: count(),
      medianPrice: sql<string>`percentile_cont(0.5) within group (order by ${products.price})`,
    })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.status, "approved"), isNotNull(products.category), inStock))
    .groupBy(products.category)
    .orderBy(desc(count()), asc(products.category))
    .limit(input.limit);
  return rows.map((row) => ({ name: row.name ?? "", products: Number(row.products), medianPrice: Number(row.medianPrice) }));
}

/**
 * The business's approved products by how often they were bought; with few purchases the most
 * recently approved fill the list, so a new shop still gets suggestions.
 */
export async function listBestSellers(db: Database, input: { businessId: string; limit: number }): Promise<BestSeller[]> {
  const bought = count(purchases.id);
  const rows = await db
    .select({ id: products.id, name: products.name, purchases: bought })
    .from(products)
    .leftJoin(purchases, and(eq(purchases.productId, products.id), eq(purchases.businessId, input.businessId)))
    .where(and(eq(products.businessId, input.businessId), eq(products.status, "approved"), inStock))
    .groupBy(products.id)
    .orderBy(desc(bought), sql`${products.approvedAt} desc nulls last`, asc(products.name))
    .limit(input.limit);
  return rows.map((row) => ({ id: row.id, name: row.name, purchases: Number(row.purchases) }));
}
