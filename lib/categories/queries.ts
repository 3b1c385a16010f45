import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { productCategories } from "@/db/schema";

/** How two spellings of a category are compared: trimmed, inner spaces collapsed, case folded. */
export function categoryKey(name: string): string {
  return normalizeCategoryName(name).toLowerCase();
}

/** The spelling a new category is stored with: trimmed, inner runs of spaces collapsed. */
export function normalizeCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * The business's own spelling of each named category, creating those it does not have yet (in the
 * caller's transaction, so a failed write leaves no stray category). Keyed by `categoryKey`. Products
 * reference categories by name through a foreign key, so every product write resolves its category here.
 */
export async function resolveCategories(
  db: Database,
  input: { businessId: string; names: readonly (string | null | undefined)[] },
): Promise<{ byKey: Map<string, string>; created: string[] }> {
  const wanted = new Map<string, string>();
  for (const name of input.names) {
    if (name === null || name === undefined) continue;
    const spelled = normalizeCategoryName(name);
    if (spelled !== "" && !wanted.has(spelled.toLowerCase())) wanted.set(spelled.toLowerCase(), spelled);
  }
  const byKey = new Map<string, string>();
  if (wanted.size === 0) return { byKey, created: [] };
  const keys = [...wanted.keys()];
  const existing = await db
    .select({ name: productCategories.name })
    .from(productCategories)
    .where(and(eq(productCategories.businessId, input.businessId), inArray(sql`lower(${productCategories.name})`, keys)));
  for (const row of existing) byKey.set(row.name.toLowerCase(), row.name);
  const missing = keys.filter((key) => !byKey.has(key));
  const created: string[] = [];
  if (missing.length) {
    // A concurrent writer may create the same category: its spelling wins and is read back below.
    const inserted = await db
      .insert(productCategories)
      .values(missing.map((key) => ({ businessId: input.businessId, name: wanted.get(key)! })))
      .onConflictDoNothing()
      .returning({ name: productCategories.name });
    for (const row of inserted) {
      byKey.set(row.name.toLowerCase(), row.name);
      created.push(row.name);
    }
    const raced = missing.filter((key) => !byKey.has(key));
    if (raced.length) {
      const rows = await db
        .select({ name: productCategories.name })
        .from(productCategories)
        .where(and(eq(productCategories.businessId, input.businessId), inArray(sql`lower(${productCategories.name})`, raced)));
      for (const row of rows) byKey.set(row.name.toLowerCase(), row.name);
    }
  }
  return { byKey, created };
}

/** The business's spelling of one category name (created when new); null stays null. */
export async function resolveCategory(db: Database, input: { businessId: string; name: string | null | undefined }): Promise<string | null | undefined> {
  if (input.name === null || input.name === undefined) return input.name;
  const { byKey } = await resolveCategories(db, { businessId: input.businessId, names: [input.name] });
  return byKey.get(categoryKey(input.name)) ?? null;
}
