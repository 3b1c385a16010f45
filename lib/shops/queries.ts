import { and, asc, desc, eq, exists, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { businesses, productCategories, products } from "@/db/schema";
import { productColumns, type ProductRow } from "@/lib/products/queries";
import { approvedProductConditions, approvedProductOrder, searchMatch, type ApprovedProductFilters, type ApprovedProductSort } from "./filters";

/**
 * The public side of a business: its storefront, found by slug. Everything here reads approved
 * products only, and every product statement is scoped to the one business in its WHERE clause.
 */

export type ShopRow = { id: string; name: string; slug: string; shopListed: boolean; botName: string };

export async function getShopBySlug(db: Database, input: { slug: string }): Promise<ShopRow | null> {
  const [row] = await db
    .select({ id: businesses.id, name: businesses.name, slug: businesses.slug, shopListed: businesses.shopListed, botName: businesses.botName })
    .from(businesses)
    .where(eq(businesses.slug, input.slug))
    .limit(1);
  return row ?? null;
}

/** Approved products of one business: an index-only count over the storefront's partial index. */
export async function countApprovedProducts(db: Database, input: { businessId: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.status, "approved")));
  return row?.count ?? 0;
}

/**
 * The directory: listed businesses that have at least one approved product (an empty storefront
 * is not worth a visit), the largest first, then by name.
 */
export async function listListedShops(
  db: Database,
  input: { limit: number; offset: number },
): Promise<{ count: number; rows: { name: string; slug: string; productCount: number }[] }> {
  const counts = db
    .select({ businessId: products.businessId, productCount: sql<number>`count(*)`.as("product_count") })
    .from(products)
    .where(eq(products.status, "approved"))
    .groupBy(products.businessId)
    .as("approved_counts");
  const rows = await db
    .select({
      name: businesses.name,
      slug: businesses.slug,
      productCount: sql<number>`${counts.productCount}`.mapWith(Number),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(businesses)
    .innerJoin(counts, eq(counts.businessId, businesses.id))
    .where(eq(businesses.shopListed, true))
    .orderBy(desc(counts.productCount), asc(businesses.name), asc(businesses.id))
    .limit(input.limit)
    .offset(input.offset);
  let count = rows[0]?.total ?? 0;
  if (rows.length === 0 && input.offset > 0) {
    const [counted] = await db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(businesses)
      .innerJoin(counts, eq(counts.businessId, businesses.id))
      .where(eq(businesses.shopListed, true));
    count = counted?.count ?? 0;
  }
  return { count, rows: rows.map(({ name, slug, productCount }) => ({ name, slug, productCount })) };
}

/**
 * The storefront's category list: the business's managed categories that have at least one approved
 * product (a semi-join that stops at the first one, so it stays cheap on a large catalog).
 */
export async function listShopCategoryNames(db: Database, input: { businessId: string }): Promise<string[]> {
  const rows = await db
    .select({ name: productCategories.name })
    .from(productCategories)
    .where(
      and(
        eq(productCategories.businessId, input.businessId),
        exists(
          db
            .select({ one: sql`1` })
            .from(products)
            .where(
              and(
                eq(products.businessId, productCategories.businessId),
                eq(products.category, productCategories.name),
                eq(products.status, "approved"),
              ),
            ),
        ),
      ),
    )
    .orderBy(sql`lower(${productCategories.name})`, asc(productCategories.name));
  return rows.map((row) => row.name);
}

type ShopListFilters = ApprovedProductFilters & { businessId: string; tsquery: string | null };

function shopConditions(input: ShopListFilters): SQL[] {
  const conditions = [eq(products.businessId, input.businessId), ...approvedProductConditions(input)];
  if (input.tsquery) conditions.push(searchMatch(input.tsquery).condition);
  return conditions;
}

/**
 * How many approved products match the search and filters in each category (NULL: no category).
 * The category filter is left out on purpose: the sum is the count without it, and the selected
 * category's own count is the count with it, so one statement answers both the total and the
 * facet counts.
 */
export async function countShopProductsByCategory(
  db: Database,
  input: Omit<ShopListFilters, "category">,
): Promise<Map<string | null, number>> {
  const rows = await db
    .select({ category: products.category, count: sql<number>`count(*)`.mapWith(Number) })
    .from(products)
    .where(and(...shopConditions(input)))
    .groupBy(products.category);
  return new Map(rows.map((row) => [row.category, row.count]));
}

/** One page of a storefront, in `sort` order; no count (countShopProductsByCategory has it). */
export async function listShopProductRows(
  db: Database,
  input: ShopListFilters & { sort: ApprovedProductSort; limit: number; offset: number },
): Promise<ProductRow[]> {
  const rank = input.tsquery ? searchMatch(input.tsquery).rank : null;
  return db
    .select(productColumns)
    .from(products)
    .where(and(...shopConditions(input)))
    .orderBy(...approvedProductOrder({ sort: input.sort, rank }))
    .limit(input.limit)
    .offset(input.offset);
}
