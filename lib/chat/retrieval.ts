import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { products } from "@/db/schema";
import { tsqueryOf } from "@/lib/ai/search-terms";

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

/** Approved products of one business ranked by full-text relevance to `query`; empty when nothing is searchable. */
export async function searchApprovedProducts(
  input: { businessId: string; query: string; limit: number },
  db: Database = getDb(),
): Promise<RetrievedProduct[]> {
  const tsquery = tsqueryOf(input.query);
  if (!tsquery) return [];
  const query = sql`to_tsquery('english', ${tsquery})`;
  const rank = sql<number>`ts_rank(${products.search}, ${query})`;
  const rows = await db
    .select({ ...retrievedColumns, rank })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.status, "approved"), sql`${products.search} @@ ${query}`))
    .orderBy(desc(rank), products.name, products.id)
    .limit(input.limit);
  return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
}

/** One approved product of the business, or null (another business's, a draft, or no such id). */
export async function getApprovedProduct(
  input: { businessId: string; productId: string },
  db: Database = getDb(),
): Promise<RetrievedProduct | null> {
  if (!isUuid(input.productId)) return null;
  const [row] = await db
    .select(retrievedColumns)
    .from(products)
    .where(and(eq(products.id, input.productId), eq(products.businessId, input.businessId), eq(products.status, "approved")))
    .limit(1);
  return row ? { ...row, rank: 0 } : null;
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
