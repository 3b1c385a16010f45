import { and, asc, desc, eq, gte, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { businesses, products, type Product, type ProductStatus } from "@/db/schema";
import { resolveCategories, resolveCategory } from "@/lib/categories/queries";
import { isUuid } from "@/lib/ids";
import type { ProductImageDto } from "@/lib/images/queries";
import { announceCatalogChange } from "./catalog-cache";
import { visibleToViewer } from "./visibility-sql";
import { approvedProductConditions, approvedProductOrder, searchMatch, UNSEARCHABLE, type ApprovedProductFilters, type ApprovedProductSort } from "@/lib/shops/filters";
import type { ProductDto, PublicProductDto } from "./schemas";
import type { ProductListSort } from "./vocabulary";

/** Every column but the search vector, which is an implementation detail of ranking. */
export const productColumns = {
  id: products.id,
  businessId: products.businessId,
  name: products.name,
  description: products.description,
  price: products.price,
  sku: products.sku,
  category: products.category,
  stock: products.stock,
  status: products.status,
  createdBy: products.createdBy,
  editedBy: products.editedBy,
  submittedBy: products.submittedBy,
  editors: products.editors,
  approvedBy: products.approvedBy,
  approvedAt: products.approvedAt,
  rejectionReason: products.rejectionReason,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

export type ProductRow = Omit<Product, "search" | "submittedAt">;

export type ProductInsert = typeof products.$inferInsert;

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The public catalog's view of a product: built field by field, so a new staff column never leaks by default. */
export function toPublicProductDto(row: ProductRow, images: ProductImageDto[]): PublicProductDto {
  return {
    id: row.id,
    businessId: row.businessId,
    name: row.name,
    description: row.description,
    price: row.price,
    sku: row.sku,
    category: row.category,
    stock: row.stock,
    status: row.status,
    approvedAt: iso(row.approvedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    images,
  };
}

/** What members of the product's own business see: the public view and who did what. */
export function toProductDto(row: ProductRow, images: ProductImageDto[]): ProductDto {
  return {
    ...toPublicProductDto(row, images),
    createdBy: row.createdBy,
    editedBy: row.editedBy,
    submittedBy: row.submittedBy,
    editors: row.editors,
    approvedBy: row.approvedBy,
    rejectionReason: row.rejectionReason,
  };
}

/** A word shorter than this matches whole words only: a one- or two-letter prefix matches most of a catalog. */
export const MIN_PREFIX_LENGTH = 3;

/**
 * Turns free text into a safe tsquery: only letters and digits survive, joined by `&` (every word must
 * match). The last word is the one still being typed: of at least MIN_PREFIX_LENGTH characters it
 * becomes the prefix `word:*`. The words before it were typed out, so each matches as a whole word (its
 * stem, as Postgres's English configuration reads it): `wireless keyb` finds "Wireless Keyboard" but
 * `wire keyb` does not. That is what search boxes that answer as one types do (Algolia's and
 * Meilisearch's default), and a whole word costs the index less than a prefix (the benchmark's 1,000
 * queries 28 % less in all: docs/PERFORMANCE.md, Catalog search). Null for blank text (no search);
 * UNSEARCHABLE for text with nothing searchable in it (only symbols or emoji), which no product
 * matches. The result is always passed as a bound parameter to to_tsquery.
 */
export function toPrefixTsquery(text: string): string | null {
  const words = text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    // Bounded so a pasted essay cannot build a pathological query.
    .slice(0, 16)
    .map((word) => word.slice(0, 64));
  if (words.length === 0) return text.trim() ? UNSEARCHABLE : null;
  const last = words.length - 1;
  return words.map((word, index) => (index === last && word.length >= MIN_PREFIX_LENGTH ? `${word}:*` : word)).join(" & ");
}


type ProductRef = { businessId: string; productId: string };

/** Tenant scope of every single-product statement: the id AND the business, in the WHERE clause. */
function productOfBusiness(ref: ProductRef): SQL {
  return and(eq(products.id, ref.productId), eq(products.businessId, ref.businessId))!;
}

/** `true` is a writer's lock; "key share" only keeps the row from being deleted (or its key changed). */
type ProductLock = boolean | "key share";

async function firstProduct(db: Database, where: SQL | undefined, lock: ProductLock = false): Promise<ProductRow | null> {
  const query = db.select(productColumns).from(products).where(where).limit(1);
  // "no key update": it still serialises every writer of the row, but lets a foreign key's check (an
  // image or a purchase naming the product) through, which a change's writer may make while holding the
  // revision an approval waits for.
  const [row] = lock === "key share" ? await query.for("key share") : lock ? await query.for("no key update") : await query;
  return row ?? null;
}

// Every lookup by id checks isUuid first: a malformed id names no row, and Postgres would raise a cast error.

/** One product of a business; `lock` holds its row until the transaction ends. */
export async function getProductInBusiness(db: Database, input: ProductRef & { lock?: ProductLock }): Promise<ProductRow | null> {
  return isUuid(input.productId) ? firstProduct(db, productOfBusiness(input), input.lock) : null;
}

export async function getProductById(db: Database, input: { productId: string }): Promise<ProductRow | null> {
  return isUuid(input.productId) ? firstProduct(db, eq(products.id, input.productId)) : null;
}

/** "An approved product of a business": what the catalog, the assistant and a purchase may see. */
export async function getApprovedProductRow(db: Database, input: ProductRef): Promise<ProductRow | null> {
  if (!isUuid(input.productId)) return null;
  return firstProduct(db, and(productOfBusiness(input), eq(products.status, "approved")));
}

/** Approved products of one business among `ids`, in the order of `ids`; unknown ids are skipped. */
export async function listApprovedProductsByIds(
  db: Database,
  input: { businessId: string; ids: string[] },
): Promise<ProductRow[]> {
  const ids = input.ids.filter(isUuid);
  if (!ids.length) return [];
  const rows = await db
    .select(productColumns)
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.businessId, input.businessId), eq(products.status, "approved")));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function insertProduct(db: Database, values: ProductInsert): Promise<ProductRow> {
  const category = await resolveCategory(db, { businessId: values.businessId, name: values.category });
  const [row] = await db.insert(products).values({ ...values, category }).returning(productColumns);
  if (row!.status === "approved") await announceCatalogChange(db, row!.businessId);
  return row!;
}

// 9 bound columns per row keeps each statement far below Postgres's 65 535-parameter limit.
const INSERT_CHUNK = 1000;

/** The rows with each category in its business's spelling, creating the categories they introduce. */
async function withBusinessCategories(db: Database, rows: ProductInsert[]): Promise<ProductInsert[]> {
  const namesByBusiness = new Map<string, (string | null | undefined)[]>();
  for (const row of rows) namesByBusiness.set(row.businessId, [...(namesByBusiness.get(row.businessId) ?? []), row.category]);
  const spellings = new Map<string, (name: string) => string | null>();
  for (const [businessId, names] of namesByBusiness) {
    spellings.set(businessId, (await resolveCategories(db, { businessId, names })).spelling);
  }
  return rows.map((row) => (row.category === null || row.category === undefined ? row : { ...row, category: spellings.get(row.businessId)!(row.category) }));
}

export async function insertProducts(db: Database, input: { rows: ProductInsert[] }): Promise<{ id: string }[]> {
  const rows = await withBusinessCategories(db, input.rows);
  const ids: { id: string }[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    ids.push(...(await db.insert(products).values(rows.slice(start, start + INSERT_CHUNK)).returning({ id: products.id })));
  }
  const published = new Set(rows.filter((row) => row.status === "approved").map((row) => row.businessId));
  for (const businessId of published) await announceCatalogChange(db, businessId);
  return ids;
}

/**
 * The `editors` a write leaves: those already there and whoever it names as editor or submitter, appended
 * in the statement itself so two admins editing one pending version at once both stay on it.
 */
export function withEditors(column: AnyColumn, set: { editedBy?: string | null; submittedBy?: string | null }): { editors?: SQL } {
  const ids = [...new Set([set.editedBy, set.submittedBy].filter((id): id is string => typeof id === "string"))];
  if (ids.length === 0) return {};
  const added = sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  return { editors: sql`${column} || array(select id from unnest(${added}) as id where id <> all(${column}))` };
}

/**
 * The one conditional write behind every transition: it only touches the row while it is
 * still in an expected status, so of two racing writers exactly one gets a row back.
 */
export async function updateProductIfStatus(
  db: Database,
  input: ProductRef & { expected: ProductStatus | readonly ProductStatus[]; set: Partial<ProductInsert> },
): Promise<ProductRow | null> {
  const expected = typeof input.expected === "string" ? [input.expected] : [...input.expected];
  const set = { ...input.set };
  if (set.category !== undefined) set.category = await resolveCategory(db, { businessId: input.businessId, name: set.category });
  const [row] = await db
    .update(products)
    .set({ ...set, ...withEditors(products.editors, set), updatedAt: new Date() })
    .where(and(productOfBusiness(input), inArray(products.status, expected)))
    .returning(productColumns);
  // A product enters, changes in or leaves the public catalog only when it is, or was, approved.
  if (row && (row.status === "approved" || expected.includes("approved"))) await announceCatalogChange(db, row.businessId);
  return row ?? null;
}

/**
 * Takes `quantity` from an approved product's stock in one conditional statement, so concurrent
 * buyers can never drive it below zero (NULL stock means unlimited and stays NULL). The row lock
 * it takes also pins the price and status the purchase's snapshot is read from.
 */
export async function reserveStock(
  db: Database,
  input: ProductRef & { quantity: number },
): Promise<{ id: string; name: string; price: string; stock: number | null } | null> {
  const [row] = await db
    .update(products)
    .set({
      stock: sql`${products.stock} - ${input.quantity}`,
      // Selling an item is not an edit of the product.
      updatedAt: sql`${products.updatedAt}`,
    })
    .where(
      and(
        eq(products.id, input.productId),
        eq(products.businessId, input.businessId),
        eq(products.status, "approved"),
        or(isNull(products.stock), gte(products.stock, input.quantity)),
      ),
    )
    .returning({ id: products.id, name: products.name, price: products.price, stock: products.stock });
  // Stock is public (and the in-stock filter reads it).
  if (row) await announceCatalogChange(db, input.businessId);
  return row ?? null;
}

export async function deleteProductRow(db: Database, input: ProductRef): Promise<ProductRow | null> {
  if (!isUuid(input.productId)) return null;
  const [row] = await db.delete(products).where(productOfBusiness(input)).returning(productColumns);
  if (row?.status === "approved") await announceCatalogChange(db, row.businessId);
  return row ?? null;
}

/**
 * Postgres's key of each SKU: its `lower()`, as the unique index compares them ("ABC-1" and "abc-1" are
 * one SKU). JavaScript's toLowerCase folds some letters differently, so the keys are always Postgres's own.
 */
export async function skuKeys(db: Database, input: { skus: readonly string[] }): Promise<Map<string, string>> {
  const skus = [...new Set(input.skus)];
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({ sku: sql<string>`wanted.sku`, key: sql<string>`lower(wanted.sku)` })
    .from(sql`(values ${sql.join(skus.map((sku) => sql`(${sku}::text)`), sql`, `)}) as wanted(sku)`);
  return new Map(rows.map((row) => [row.sku, row.key]));
}

/**
 * The SKUs among `skus` that another product of the business (not `exceptProductId`) already uses, in any
 * case, each with the spelling it is stored with: what a write would meet in the unique index.
 */
export async function findTakenSkus(
  db: Database,
  input: { businessId: string; skus: readonly string[]; exceptProductId?: string },
): Promise<Map<string, string>> {
  const skus = [...new Set(input.skus)];
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({ asked: sql<string>`wanted.sku`, stored: sql<string>`${products.sku}` })
    .from(sql`(values ${sql.join(skus.map((sku) => sql`(${sku}::text)`), sql`, `)}) as wanted(sku)`)
    .innerJoin(
      products,
      and(
        eq(products.businessId, input.businessId),
        sql`lower(${products.sku}) = lower(wanted.sku)`,
        input.exceptProductId && isUuid(input.exceptProductId) ? ne(products.id, input.exceptProductId) : undefined,
      ),
    );
  return new Map(rows.map((row) => [row.asked, row.stored]));
}

export type ListResult = { count: number; rows: ProductRow[] };

/**
 * One statement per page: the window count rides along with the rows; only a page past the
 * end needs a second, count-only statement.
 */
async function listWhere(
  db: Database,
  input: { where: SQL | undefined; tsquery: string | null; limit: number; offset: number; orderBy?: SQL[] },
): Promise<ListResult> {
  const rank = input.tsquery ? searchMatch(input.tsquery).rank : null;
  const rows = await db
    .select({ ...productColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(products)
    .where(input.where)
    .orderBy(...(input.orderBy ?? [...(rank ? [desc(rank)] : []), desc(products.createdAt), desc(products.id)]))
    .limit(input.limit)
    .offset(input.offset);
  if (rows.length > 0) {
    const count = rows[0]!.total;
    for (const row of rows) delete (row as Partial<typeof row>).total;
    return { count, rows };
  }
  if (input.offset === 0) return { count: 0, rows: [] };
  const [counted] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(products)
    .where(input.where);
  return { count: counted?.count ?? 0, rows: [] };
}

function searchCondition(query: string | null): SQL | undefined {
  return query ? searchMatch(query).condition : undefined;
}

/**
 * How far the public catalog counts its matches and, for a search in relevance order, how many
 * matches it ranks. Counting or ranking every match of a broad word costs in proportion to the
 * matches (thousands of rows fetched and ranked for a 20-row page); beyond this the answer says
 * its count is capped.
 */
export const CATALOG_COUNT_CAP = 1_000;

type CatalogRow = ProductRow & { business: { name: string; slug: string } };

export async function listApprovedProducts(
  db: Database,
  input: ApprovedProductFilters & {
    q?: string;
    business?: string;
    sort?: ApprovedProductSort;
    limit: number;
    offset: number;
  },
): Promise<{ count: number; countCapped: boolean; rows: CatalogRow[] }> {
  const query = input.q ? toPrefixTsquery(input.q) : null;
  const search = query ? searchMatch(query) : null;
  const conditions: SQL[] = approvedProductConditions(input);
  if (search) conditions.push(search.condition);
  if (input.business) conditions.push(isUuid(input.business) ? eq(products.businessId, input.business) : eq(businesses.slug, input.business));
  const where = and(...conditions);
  const sort = input.sort ?? "relevance";
  const columns = { ...productColumns, businessName: businesses.name, businessSlug: businesses.slug };
  const withBusiness = (rows: (ProductRow & { businessName: string; businessSlug: string })[]): CatalogRow[] =>
    rows.map(({ businessName, businessSlug, ...row }) => ({ ...row, business: { name: businessName, slug: businessSlug } }));

  if (search && sort === "relevance") {
    // The first CATALOG_COUNT_CAP + 1 matches the index yields are the candidates: ranked, counted
    // and paged among themselves, so a broad word costs as much as a narrow one.
    const candidates = db
      .select({ id: products.id, rank: sql<number>`${search.rank}`.as("rank"), createdAt: products.createdAt })
      .from(products)
      .innerJoin(businesses, eq(businesses.id, products.businessId))
      .where(where)
      .limit(CATALOG_COUNT_CAP + 1)
      .as("candidates");
    // The pages reach as deep as the count: the extra candidate only tells that there are more.
    const limit = Math.min(input.limit, CATALOG_COUNT_CAP - input.offset);
    const page =
      limit > 0
        ? await db
            .select({ id: candidates.id, total: sql<number>`count(*) over ()`.mapWith(Number) })
            .from(candidates)
            .orderBy(desc(candidates.rank), desc(candidates.createdAt), desc(candidates.id))
            .limit(limit)
            .offset(input.offset)
        : [];
    let total = page[0]?.total ?? 0;
    if (page.length === 0 && input.offset > 0) total = await countCapped(db, where);
    const ids = page.map((row) => row.id);
    const found = ids.length
      ? await db.select(columns).from(products).innerJoin(businesses, eq(businesses.id, products.businessId)).where(inArray(products.id, ids))
      : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    const rows = withBusiness(ids.flatMap((id) => byId.get(id) ?? []));
    return { count: Math.min(total, CATALOG_COUNT_CAP), countCapped: total > CATALOG_COUNT_CAP, rows };
  }

  // Every order's pages reach as deep as the count, as a search's do: a page past it would skip rows
  // the answer says are not there, at a cost that grows with its depth.
  const limit = Math.min(input.limit, CATALOG_COUNT_CAP - input.offset);
  if (limit <= 0) {
    const total = await countCapped(db, where);
    return { count: Math.min(total, CATALOG_COUNT_CAP), countCapped: total > CATALOG_COUNT_CAP, rows: [] };
  }
  const rows = await db
    .select(columns)
    .from(products)
    .innerJoin(businesses, eq(businesses.id, products.businessId))
    .where(where)
    .orderBy(...approvedProductOrder({ sort, rank: search?.rank ?? null }))
    .limit(limit)
    .offset(input.offset);
  // A page that ends the list knows the count without counting.
  const total = rows.length > 0 && rows.length < limit ? input.offset + rows.length : await countCapped(db, where);
  return { count: Math.min(total, CATALOG_COUNT_CAP), countCapped: total > CATALOG_COUNT_CAP, rows: withBusiness(rows) };
}

/** The number of catalog rows matching `where`, counted no further than CATALOG_COUNT_CAP + 1. */
async function countCapped(db: Database, where: SQL | undefined): Promise<number> {
  const matches = db
    .select({ one: sql`1`.as("one") })
    .from(products)
    .innerJoin(businesses, eq(businesses.id, products.businessId))
    .where(where)
    .limit(CATALOG_COUNT_CAP + 1)
    .as("matches");
  const [counted] = await db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(matches);
  return counted?.count ?? 0;
}

// Text columns sort case-folded; an empty SKU or category sorts last either way; no stock (unlimited)
// sorts as the most. The id breaks ties, so a page boundary never repeats or skips a row.
const BUSINESS_SORT_COLUMNS: Record<string, { expression: SQL; nulls: "last" | "largest" }> = {
  name: { expression: sql`lower(${products.name})`, nulls: "last" },
  sku: { expression: sql`lower(${products.sku})`, nulls: "last" },
  category: { expression: sql`lower(${products.category})`, nulls: "last" },
  price: { expression: sql`${products.price}`, nulls: "last" },
  stock: { expression: sql`${products.stock}`, nulls: "largest" },
  status: { expression: sql`${products.status}`, nulls: "last" },
  updated: { expression: sql`${products.updatedAt}`, nulls: "last" },
};

function businessOrder(sort: ProductListSort): SQL[] {
  const [column, direction] = sort.split("_") as [string, "asc" | "desc"];
  const { expression, nulls } = BUSINESS_SORT_COLUMNS[column]!;
  const nullsAt = nulls === "largest" ? (direction === "asc" ? "last" : "first") : "last";
  return [sql`${expression} ${sql.raw(direction)} nulls ${sql.raw(nullsAt)}`, direction === "asc" ? asc(products.id) : desc(products.id)];
}

/** The visibility rule as part of the WHERE clause: the role's statuses, plus the caller's own rows. */
type BusinessListFilters = {
  businessId: string;
  viewerId: string;
  statuses: ProductStatus[];
  status?: ProductStatus;
  q?: string;
  createdBy?: string;
  category?: string;
  sort?: ProductListSort;
};

/** The staff list's rows: the viewer's visibility and the list's filters. */
function businessListWhere(input: BusinessListFilters): { where: SQL | undefined; tsquery: string | null } {
  const tsquery = input.q ? toPrefixTsquery(input.q) : null;
  const conditions: (SQL | undefined)[] = [eq(products.businessId, input.businessId), visibleToViewer(input), searchCondition(tsquery)];
  if (input.status) conditions.push(eq(products.status, input.status));
  if (input.createdBy) conditions.push(eq(products.createdBy, input.createdBy));
  if (input.category) conditions.push(eq(products.category, input.category));
  return { where: and(...conditions), tsquery };
}

export async function listBusinessProducts(db: Database, input: BusinessListFilters & { limit: number; offset: number }): Promise<ListResult> {
  const { where, tsquery } = businessListWhere(input);
  const orderBy = input.sort ? businessOrder(input.sort) : undefined;
  return listWhere(db, { where, tsquery, limit: input.limit, offset: input.offset, orderBy });
}

/** Every id of the staff list, in its order: what an export walks, unmoved by writes while it reads. */
export async function listBusinessProductIds(db: Database, input: BusinessListFilters): Promise<string[]> {
  const { where, tsquery } = businessListWhere(input);
  const rank = tsquery ? searchMatch(tsquery).rank : null;
  const orderBy = input.sort ? businessOrder(input.sort) : [...(rank ? [desc(rank)] : []), desc(products.createdAt), desc(products.id)];
  const rows = await db.select({ id: products.id }).from(products).where(where).orderBy(...orderBy);
  return rows.map((row) => row.id);
}

/** The rows of the staff list among `ids`, in the order of `ids`: one deleted or no longer visible is left out. */
export async function listBusinessProductsByIds(db: Database, input: BusinessListFilters & { ids: readonly string[] }): Promise<ProductRow[]> {
  if (input.ids.length === 0) return [];
  const { where } = businessListWhere({ ...input, q: undefined });
  const rows = await db.select(productColumns).from(products).where(and(where, inArray(products.id, [...input.ids])));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Products of the business the viewer may see whose name (trimmed, any case) or SKU (the same) is
 * the given one: the duplicate warning of the product form. `skuMatch` tells which matched.
 */
export async function findDuplicateProducts(
  db: Database,
  input: { businessId: string; viewerId: string; statuses: ProductStatus[]; name?: string; sku?: string; excludeId?: string; limit: number },
): Promise<{ id: string; name: string; sku: string | null; status: ProductStatus; skuMatch: boolean }[]> {
  const name = input.name?.trim().toLowerCase();
  const sku = input.sku?.trim().toLowerCase();
  const nameMatch = name ? sql`lower(btrim(${products.name})) = ${name}` : undefined;
  const skuMatch = sku ? sql`lower(btrim(${products.sku})) = ${sku}` : undefined;
  if (!nameMatch && !skuMatch) return [];
  return db
    .select({
      id: products.id,
      name: products.name,
      sku: products.sku,
      status: products.status,
      skuMatch: (skuMatch ? sql<boolean>`coalesce(${skuMatch}, false)` : sql<boolean>`false`).mapWith(Boolean),
    })
    .from(products)
    .where(
      and(
        eq(products.businessId, input.businessId),
        visibleToViewer(input),
        or(nameMatch, skuMatch),
        input.excludeId && isUuid(input.excludeId) ? ne(products.id, input.excludeId) : undefined,
      ),
    )
    .orderBy(desc(products.updatedAt), desc(products.id))
    .limit(input.limit);
}

