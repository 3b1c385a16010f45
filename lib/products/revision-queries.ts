import "server-only";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { productImages, productRevisions, products, users, type ProductRevision, type ProductStatus } from "@/db/schema";
import { resolveCategory } from "@/lib/categories/queries";
import { isUuid } from "@/lib/ids";
import { productColumns, withEditors, type ProductRow } from "./queries";
import { announceCatalogChange } from "./catalog-cache";

export type RevisionRow = ProductRevision;
export type RevisionInsert = typeof productRevisions.$inferInsert;

type ProductRef = { businessId: string; productId: string };

/** The product's open (not yet approved) revision, if any; `lock` holds it until the transaction ends. */
export async function getOpenRevision(db: Database, input: ProductRef & { lock?: boolean }): Promise<RevisionRow | null> {
  if (!isUuid(input.productId)) return null;
  const query = db
    .select()
    .from(productRevisions)
    .where(
      and(
        eq(productRevisions.productId, input.productId),
        eq(productRevisions.businessId, input.businessId),
        ne(productRevisions.status, "approved"),
      ),
    )
    .limit(1);
  const [row] = input.lock ? await query.for("update") : await query;
  return row ?? null;
}

/** The open revisions of these products, by product id: the staff list's "change pending" marks and what a review of each would decide. */
export async function listOpenRevisions(db: Database, input: { businessId: string; productIds: readonly string[] }): Promise<Map<string, RevisionRow>> {
  const open = new Map<string, RevisionRow>();
  if (input.productIds.length === 0) return open;
  const rows = await db
    .select()
    .from(productRevisions)
    .where(
      and(
        eq(productRevisions.businessId, input.businessId),
        inArray(productRevisions.productId, [...input.productIds]),
        ne(productRevisions.status, "approved"),
      ),
    );
  for (const revision of rows) open.set(revision.productId, revision);
  return open;
}

/** The live gallery as a revision starts from it: ids and alt texts in order. */
export async function liveGallery(db: Database, input: ProductRef): Promise<{ id: string; alt: string }[]> {
  return db
    .select({ id: productImages.id, alt: productImages.alt })
    .from(productImages)
    .where(and(eq(productImages.productId, input.productId), eq(productImages.businessId, input.businessId), eq(productImages.pending, false)))
    .orderBy(asc(productImages.position), asc(productImages.id));
}

/**
 * Inserts the product's open revision; null when another writer opened one first (the one-open-revision
 * index refused this one) — the caller then reads that one. A savepoint keeps the refused insert from
 * aborting the caller's transaction.
 */
export async function insertOpenRevision(db: Database, values: RevisionInsert): Promise<RevisionRow | null> {
  const category = await resolveCategory(db, { businessId: values.businessId, name: values.category });
  const rows = await db
    .insert(productRevisions)
    .values({ ...values, category })
    .onConflictDoNothing({ target: productRevisions.productId, where: sql`${productRevisions.status} <> 'approved'` })
    .returning();
  return rows[0] ?? null;
}

/** The conditional write behind every revision change: only while the revision is still in an expected status. */
export async function updateRevisionIfStatus(
  db: Database,
  input: { businessId: string; revisionId: string; expected: readonly ProductStatus[]; set: Partial<RevisionInsert> },
): Promise<RevisionRow | null> {
  const set = { ...input.set };
  if (set.category !== undefined) set.category = await resolveCategory(db, { businessId: input.businessId, name: set.category });
  const [row] = await db
    .update(productRevisions)
    .set({ ...set, ...withEditors(productRevisions.editors, set), updatedAt: new Date() })
    .where(
      and(
        eq(productRevisions.id, input.revisionId),
        eq(productRevisions.businessId, input.businessId),
        inArray(productRevisions.status, [...input.expected]),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Makes the revision's content the live product in one statement, so a buyer's stock reservation (one
 * statement on the same row) reads either the old version or the new one, never a mix.
 */
export async function applyRevisionToProduct(
  db: Database,
  input: { revision: RevisionRow; approvedBy: string; approvedAt: Date },
): Promise<ProductRow | null> {
  const { revision } = input;
  const [row] = await db
    .update(products)
    .set({
      name: revision.name,
      description: revision.description,
      price: revision.price,
      sku: revision.sku,
      category: revision.category,
      editedBy: revision.editedBy,
      submittedBy: revision.submittedBy,
      editors: revision.editors,
      approvedBy: input.approvedBy,
      approvedAt: input.approvedAt,
      updatedAt: input.approvedAt,
    })
    .where(and(eq(products.id, revision.productId), eq(products.businessId, revision.businessId), eq(products.status, "approved")))
    .returning(productColumns);
  if (row) await announceCatalogChange(db, row.businessId);
  return row ?? null;
}

/** Changes only the stock of a product, whatever its status: stock is operational, never reviewed. */
export async function updateProductStock(
  db: Database,
  input: ProductRef & { stock: number | null; expected?: number | null },
): Promise<ProductRow | null> {
  if (!isUuid(input.productId)) return null;
  const [row] = await db
    .update(products)
    .set({ stock: input.stock, updatedAt: new Date() })
    .where(
      and(
        eq(products.id, input.productId),
        eq(products.businessId, input.businessId),
        // Checked in the write itself: a sale between the editor's read and this update moves it.
        input.expected === undefined ? undefined : sql`${products.stock} is not distinct from ${input.expected}`,
      ),
    )
    .returning(productColumns);
  if (row?.status === "approved") await announceCatalogChange(db, row.businessId);
  return row ?? null;
}

/** Pending reviews of a business, oldest submission first (or newest): new products and revisions of live ones. */
export async function listPendingReviews(
  db: Database,
  input: { businessId: string; limit: number; offset: number; newestFirst?: boolean },
): Promise<{ count: number; items: { kind: "product" | "revision"; productId: string; revisionId: string | null; submittedAt: Date | null }[] }> {
  const pendingProducts = db
    .select({
      kind: sql<"product" | "revision">`'product'`.as("kind"),
      productId: sql<string>`${products.id}`.as("product_id"),
      revisionId: sql<string | null>`null::uuid`.as("revision_id"),
      submittedAt: sql<Date | null>`${products.submittedAt}`.as("submitted_at"),
    })
    .from(products)
    .where(and(eq(products.businessId, input.businessId), eq(products.status, "pending_approval")));
  const pendingRevisions = db
    .select({
      kind: sql<"product" | "revision">`'revision'`.as("kind"),
      productId: sql<string>`${productRevisions.productId}`.as("product_id"),
      revisionId: sql<string | null>`${productRevisions.id}`.as("revision_id"),
      submittedAt: sql<Date | null>`${productRevisions.submittedAt}`.as("submitted_at"),
    })
    .from(productRevisions)
    .where(and(eq(productRevisions.businessId, input.businessId), eq(productRevisions.status, "pending_approval")));
  const all = pendingProducts.unionAll(pendingRevisions).as("reviews");
  const rows = await db
    .select({
      kind: all.kind,
      productId: all.productId,
      revisionId: all.revisionId,
      submittedAt: all.submittedAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(all)
    .orderBy(
      input.newestFirst ? sql`${all.submittedAt} desc nulls last` : sql`${all.submittedAt} asc nulls first`,
      input.newestFirst ? desc(all.productId) : asc(all.productId),
    )
    .limit(input.limit)
    .offset(input.offset);
  let count = rows[0]?.total ?? 0;
  if (rows.length === 0 && input.offset > 0) {
    // A page past the end (its last review just decided) has no row to carry the window count.
    const [counted] = await db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(all);
    count = counted?.count ?? 0;
  }
  return {
    count,
    items: rows.map((row) => ({
      kind: row.kind,
      productId: row.productId,
      revisionId: row.revisionId,
      submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt),
    })),
  };
}

/** Revisions of these ids, in this business. */
export async function getRevisionsByIds(db: Database, input: { businessId: string; ids: readonly string[] }): Promise<RevisionRow[]> {
  if (input.ids.length === 0) return [];
  return db
    .select()
    .from(productRevisions)
    .where(and(eq(productRevisions.businessId, input.businessId), inArray(productRevisions.id, [...input.ids])));
}

/** Products of one business by id (any status), for the review queue. */
export async function getProductsInBusiness(db: Database, input: { businessId: string; ids: readonly string[] }): Promise<ProductRow[]> {
  const ids = input.ids.filter(isUuid);
  if (ids.length === 0) return [];
  return db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.businessId, input.businessId), inArray(products.id, ids)));
}

/** Display names of members of one business, by id (who submitted what in the review queue). */
export async function memberNames(db: Database, input: { businessId: string; ids: readonly string[] }): Promise<Map<string, string>> {
  const ids = input.ids.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.businessId, input.businessId), inArray(users.id, ids)));
  return new Map(rows.map((row) => [row.id, row.name]));
}
