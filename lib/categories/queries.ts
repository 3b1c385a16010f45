import { and, asc, eq, inArray, ne, sql, type SQLWrapper } from "drizzle-orm";
import type { Database } from "@/db/client";
import { productCategories, productRevisions, products, type ProductStatus } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import { announceCatalogChange } from "@/lib/products/catalog-cache";
import { visibleToViewer } from "@/lib/products/visibility-sql";

/** The spelling a new category is stored with: trimmed, inner runs of spaces collapsed. */
export function normalizeCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * How two spellings of a category are compared: Postgres's `lower()`, which the unique index on
 * `lower(name)` uses. JavaScript's toLowerCase folds some letters differently (Turkish "İ" gains a dot,
 * a final Greek "Σ" becomes "ς"), so the keys are always Postgres's own.
 */
const categoryKeyOf = (name: SQLWrapper | string) => (typeof name === "string" ? sql<string>`lower(${name}::text)` : sql<string>`lower(${name})`);

/** Postgres's key of each spelling (normalized), keyed by that spelling. */
async function categoryKeys(db: Database, spellings: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ spelled: sql<string>`wanted.spelled`, key: categoryKeyOf(sql`wanted.spelled`) })
    .from(sql`(values ${sql.join(spellings.map((spelled) => sql`(${spelled}::text)`), sql`, `)}) as wanted(spelled)`);
  return new Map(rows.map((row) => [row.spelled, row.key]));
}

/**
 * The business's own spelling of each named category, creating those it does not have yet (in the
 * caller's transaction, so a failed write leaves no stray category). `spelling(name)` answers the
 * business's spelling of any of the names (null for none). Products reference categories by name through
 * a foreign key, so every product write resolves its category here.
 */
export async function resolveCategories(
  db: Database,
  input: { businessId: string; names: readonly (string | null | undefined)[] },
): Promise<{ spelling: (name: string) => string | null; created: string[] }> {
  const spellings = [...new Set(input.names.flatMap((name) => (name === null || name === undefined ? [] : [normalizeCategoryName(name)])))].filter(Boolean);
  const byKey = new Map<string, string>();
  const keyOf = spellings.length > 0 ? await categoryKeys(db, spellings) : new Map<string, string>();
  const spelling = (name: string) => byKey.get(keyOf.get(normalizeCategoryName(name)) ?? "") ?? null;
  if (spellings.length === 0) return { spelling, created: [] };
  // The first spelling of each key is the one a new category is stored with.
  const wanted = new Map<string, string>();
  for (const spelled of spellings) if (!wanted.has(keyOf.get(spelled)!)) wanted.set(keyOf.get(spelled)!, spelled);
  const keys = [...wanted.keys()];
  const readExisting = async (among: string[]) => {
    const rows = await db
      .select({ name: productCategories.name, key: categoryKeyOf(productCategories.name) })
      .from(productCategories)
      .where(and(eq(productCategories.businessId, input.businessId), inArray(categoryKeyOf(productCategories.name), among)));
    for (const row of rows) byKey.set(row.key, row.name);
  };
  await readExisting(keys);
  const missing = keys.filter((key) => !byKey.has(key));
  const created: string[] = [];
  if (missing.length) {
    // A concurrent writer may create the same category: its spelling wins and is read back below.
    const inserted = await db
      .insert(productCategories)
      .values(missing.map((key) => ({ businessId: input.businessId, name: wanted.get(key)! })))
      .onConflictDoNothing()
      .returning({ name: productCategories.name, key: categoryKeyOf(productCategories.name) });
    for (const row of inserted) {
      byKey.set(row.key, row.name);
      created.push(row.name);
    }
    const raced = missing.filter((key) => !byKey.has(key));
    if (raced.length) await readExisting(raced);
  }
  const unresolved = keys.filter((key) => !byKey.has(key));
  // Never a silent null: a category that could be neither found nor created is an error, not "no category".
  if (unresolved.length) throw new Error(`Categories could not be resolved: ${unresolved.map((key) => wanted.get(key)).join(", ")}`);
  return { spelling, created };
}

/** The business's spelling of one category name (created when new); null stays null. */
export async function resolveCategory(db: Database, input: { businessId: string; name: string | null | undefined }): Promise<string | null | undefined> {
  if (input.name === null || input.name === undefined) return input.name;
  const { spelling } = await resolveCategories(db, { businessId: input.businessId, names: [input.name] });
  return spelling(input.name);
}

// ---- the managed list ----------------------------------------------------------------------------

export type CategoryRow = { id: string; businessId: string; name: string; createdAt: Date; updatedAt: Date };

const categoryColumns = {
  id: productCategories.id,
  businessId: productCategories.businessId,
  name: productCategories.name,
  createdAt: productCategories.createdAt,
  updatedAt: productCategories.updatedAt,
};

type CategoryRef = { businessId: string; categoryId: string };

/** Tenant scope of every single-category statement: the id AND the business. */
function categoryOfBusiness(ref: CategoryRef) {
  return and(eq(productCategories.id, ref.categoryId), eq(productCategories.businessId, ref.businessId));
}

/** Every category of a business with the number of its products using it, ordered by name (case folded). */
export async function listCategoriesWithCounts(
  db: Database,
  input: { businessId: string; viewer: { statuses: ProductStatus[]; viewerId: string } },
): Promise<(CategoryRow & { productCount: number })[]> {
  return db
    .select({ ...categoryColumns, productCount: sql<number>`count(${products.id})`.mapWith(Number) })
    .from(productCategories)
    // Counted as the viewer's product list would list them: an approver's counts leave drafts out.
    .leftJoin(products, and(eq(products.businessId, productCategories.businessId), eq(products.category, productCategories.name), visibleToViewer(input.viewer)))
    .where(eq(productCategories.businessId, input.businessId))
    .groupBy(productCategories.id)
    .orderBy(asc(sql`lower(${productCategories.name})`), asc(productCategories.name));
}

// A malformed id names no row (Postgres would raise a cast error): it is null before any query runs.

/**
 * One category of the business, or null. `lock` takes the row FOR UPDATE: product writes that name
 * it wait (their foreign key check shares the row), so a merge or delete sees every use.
 */
export async function getCategoryInBusiness(db: Database, input: CategoryRef & { lock?: boolean }): Promise<CategoryRow | null> {
  if (!isUuid(input.categoryId)) return null;
  const query = db.select(categoryColumns).from(productCategories).where(categoryOfBusiness(input)).limit(1);
  const [row] = input.lock ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * Locks the products, then the revisions, that name the category, in id order: the order in which an
 * approval or an edit takes a product and its change before it needs the category itself. Renaming or
 * merging locks these before the category row, or it would hold the category while waiting for a change
 * that an approval holds while waiting for the category (a deadlock).
 */
export async function lockCategoryUses(db: Database, input: { businessId: string; name: string }): Promise<void> {
  await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.category, input.name)))
    .orderBy(asc(products.id))
    .for("no key update");
  await db
    .select({ id: productRevisions.id })
    .from(productRevisions)
    .where(and(eq(productRevisions.businessId, input.businessId), eq(productRevisions.category, input.name)))
    .orderBy(asc(productRevisions.id))
    .for("no key update");
}

/** The category a case-insensitive name already stands for in the business, or null. */
export async function getCategoryByName(db: Database, input: { businessId: string; name: string }): Promise<CategoryRow | null> {
  const [row] = await db
    .select(categoryColumns)
    .from(productCategories)
    .where(and(eq(productCategories.businessId, input.businessId), eq(categoryKeyOf(productCategories.name), categoryKeyOf(normalizeCategoryName(input.name)))))
    .limit(1);
  return row ?? null;
}

/** Inserts a category; a case-insensitive duplicate raises the unique violation for the caller to answer. */
export async function insertCategory(db: Database, input: { businessId: string; name: string }): Promise<CategoryRow> {
  const [row] = await db
    .insert(productCategories)
    .values({ businessId: input.businessId, name: normalizeCategoryName(input.name) })
    .returning(categoryColumns);
  return row!;
}

/** Renames a category; the products' and revisions' foreign keys (ON UPDATE CASCADE) follow in the same statement. */
export async function renameCategoryRow(db: Database, input: CategoryRef & { name: string }): Promise<CategoryRow | null> {
  if (!isUuid(input.categoryId)) return null;
  const [row] = await db
    .update(productCategories)
    .set({ name: normalizeCategoryName(input.name), updatedAt: new Date() })
    .where(categoryOfBusiness(input))
    .returning(categoryColumns);
  // The products' category follows the rename (ON UPDATE CASCADE), and it is public.
  if (row) await announceCatalogChange(db, input.businessId);
  return row ?? null;
}

/**
 * Points every product and revision of the business naming `from` at `to` (both existing category
 * names). Not an edit of the products: their status, version and updated_at stay as they are.
 */
export async function moveCategoryUses(
  db: Database,
  input: { businessId: string; from: string; to: string },
): Promise<{ products: number; revisions: number }> {
  const movedProducts = await db
    .update(products)
    .set({ category: input.to, updatedAt: sql`${products.updatedAt}` })
    .where(and(eq(products.businessId, input.businessId), eq(products.category, input.from)))
    .returning({ id: products.id });
  const movedRevisions = await db
    .update(productRevisions)
    .set({ category: input.to, updatedAt: sql`${productRevisions.updatedAt}` })
    .where(and(eq(productRevisions.businessId, input.businessId), eq(productRevisions.category, input.from)))
    .returning({ id: productRevisions.id });
  if (movedProducts.length > 0) await announceCatalogChange(db, input.businessId);
  return { products: movedProducts.length, revisions: movedRevisions.length };
}

/** How many products, and open (not yet approved) revisions, name the category. */
export async function countCategoryUses(
  db: Database,
  input: { businessId: string; name: string },
): Promise<{ products: number; openRevisions: number }> {
  const [used] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.category, input.name)));
  const [open] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(productRevisions)
    .where(and(eq(productRevisions.businessId, input.businessId), eq(productRevisions.category, input.name), ne(productRevisions.status, "approved")));
  return { products: used?.count ?? 0, openRevisions: open?.count ?? 0 };
}

/**
 * Approved revisions are the products' history, not uses: they keep their other fields and lose the
 * name of a category that is being deleted (the foreign key allows no dangling name).
 */
export async function clearCategoryFromHistory(db: Database, input: { businessId: string; name: string }): Promise<number> {
  const rows = await db
    .update(productRevisions)
    .set({ category: null, updatedAt: sql`${productRevisions.updatedAt}` })
    .where(and(eq(productRevisions.businessId, input.businessId), eq(productRevisions.category, input.name), eq(productRevisions.status, "approved")))
    .returning({ id: productRevisions.id });
  return rows.length;
}

export async function deleteCategoryRow(db: Database, input: CategoryRef): Promise<CategoryRow | null> {
  if (!isUuid(input.categoryId)) return null;
  const [row] = await db.delete(productCategories).where(categoryOfBusiness(input)).returning(categoryColumns);
  if (row) await announceCatalogChange(db, input.businessId);
  return row ?? null;
}
