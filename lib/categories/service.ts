import "server-only";
import { getDb, isUniqueViolation, transaction, type Database } from "@/db/client";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { assertCan, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/request-context";
import {
  clearCategoryFromHistory,
  countCategoryUses,
  deleteCategoryRow,
  getCategoryByName,
  getCategoryInBusiness,
  lockCategoryUses,
  insertCategory,
  listCategoriesWithCounts,
  moveCategoryUses,
  renameCategoryRow,
  type CategoryRow,
} from "./queries";
import type { CategoryCreateInput, CategoryDto, CategoryList, CategoryMergeResult } from "./schemas";

function toCategoryDto(row: CategoryRow, productCount: number): CategoryDto {
  return {
    id: row.id,
    name: row.name,
    productCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function auditCategory(
  tx: Database,
  input: { actor: Actor; action: AuditInput["action"]; categoryId: string; summary: Record<string, unknown> },
  ctx: RequestContext,
): Promise<void> {
  const { actor, action, categoryId, summary } = input;
  return recordAudit(tx, { actor, action, entityType: "category", entityId: categoryId, summary, requestId: ctx.requestId });
}

/** 409 for a name another category of the business already has (case-insensitive): the answer is a merge. */
function nameTaken(input: { name: string; existing: CategoryRow | null; renaming?: string }): AppError {
  const spelled = input.existing?.name ?? input.name;
  const detail = input.renaming
    ? `Another category is already called “${spelled}”; merge “${input.renaming}” into it instead.`
    : `A category called “${spelled}” already exists.`;
  return new AppError("conflict", detail, {
    fields: { name: [detail] },
    ...(input.existing ? { extra: { categoryId: input.existing.id } } : {}),
  });
}

async function productCountOf(db: Database, input: { businessId: string; name: string }): Promise<number> {
  return (await countCategoryUses(db, input)).products;
}

/** product:read_unapproved (staff). Every category of the business with its product count, by name. */
export async function listCategories(actor: Actor): Promise<CategoryList> {
  assertCan(actor, "product:read_unapproved");
  const rows = await listCategoriesWithCounts(getDb(), { businessId: actor.businessId, viewer: { statuses: visibleStatuses(actor.role), viewerId: actor.id } });
  return { count: rows.length, results: rows.map((row) => toCategoryDto(row, row.productCount)) };
}

/** category:manage. 409 conflict (with a `name` field error) when the name exists in any case. */
export async function createCategory(actor: Actor, input: CategoryCreateInput, ctx: RequestContext = {}): Promise<CategoryDto> {
  assertCan(actor, "category:manage");
  try {
    return await transaction(async (tx) => {
      const row = await insertCategory(tx, { businessId: actor.businessId, name: input.name });
      await auditCategory(tx, { actor, action: "category.create", categoryId: row.id, summary: { name: row.name } }, ctx);
      return toCategoryDto(row, 0);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw nameTaken({ name: input.name, existing: await getCategoryByName(getDb(), { businessId: actor.businessId, name: input.name }) });
  }
}

/**
 * category:manage. Renames the category on every product and revision of the business at once (the
 * foreign key cascades). 404 not in the business; 409 when another category has the name (merge instead).
 */
export async function renameCategory(
  actor: Actor,
  input: { categoryId: string; name: string },
  ctx: RequestContext = {},
): Promise<CategoryDto> {
  assertCan(actor, "category:manage");
  try {
    return await transaction(async (tx) => {
      const scope = { businessId: actor.businessId, categoryId: input.categoryId };
      const seen = await getCategoryInBusiness(tx, scope);
      if (!seen) throw notFound("Category");
      await lockCategoryUses(tx, { businessId: actor.businessId, name: seen.name });
      const before = await getCategoryInBusiness(tx, { ...scope, lock: true });
      if (!before) throw notFound("Category");
      if (before.name !== seen.name) throw changedMeanwhile();
      if (before.name === input.name) return toCategoryDto(before, await productCountOf(tx, { businessId: actor.businessId, name: before.name }));
      const other = await getCategoryByName(tx, { businessId: actor.businessId, name: input.name });
      if (other && other.id !== before.id) throw nameTaken({ name: input.name, existing: other, renaming: before.name });
      const after = (await renameCategoryRow(tx, { ...scope, name: input.name }))!;
      const productCount = await productCountOf(tx, { businessId: actor.businessId, name: after.name });
      const summary = { from: before.name, to: after.name, products: productCount };
      await auditCategory(tx, { actor, action: "category.rename", categoryId: after.id, summary }, ctx);
      return toCategoryDto(after, productCount);
    });
  } catch (error) {
    // A concurrent create or rename took the name between the check and the update.
    if (!isUniqueViolation(error)) throw error;
    throw nameTaken({ name: input.name, existing: null, renaming: "this category" });
  }
}

function changedMeanwhile(): AppError {
  return new AppError("conflict", "This category was renamed meanwhile; reload and try again.");
}

/**
 * category:manage. Moves every product and revision of the category onto `into` and deletes it, in one
 * transaction. 400 merging into itself; 404 when either is not a category of the business.
 */
export async function mergeCategory(
  actor: Actor,
  input: { categoryId: string; into: string },
  ctx: RequestContext = {},
): Promise<CategoryMergeResult> {
  assertCan(actor, "category:manage");
  if (input.categoryId.toLowerCase() === input.into.toLowerCase()) {
    throw new AppError("invalid_request", "A category cannot be merged into itself.", { fields: { into: ["Choose another category to merge into."] } });
  }
  return transaction(async (tx) => {
    const businessId = actor.businessId;
    // Both rows locked in one order, so two opposite merges wait for each other instead of deadlocking.
    const [first, second] = [input.categoryId, input.into].sort();
    const seen = await getCategoryInBusiness(tx, { businessId, categoryId: input.categoryId });
    if (seen) await lockCategoryUses(tx, { businessId, name: seen.name });
    const locked = new Map<string, CategoryRow | null>();
    for (const categoryId of [first!, second!]) locked.set(categoryId, await getCategoryInBusiness(tx, { businessId, categoryId, lock: true }));
    const source = locked.get(input.categoryId);
    const target = locked.get(input.into);
    if (!source) throw notFound("Category");
    if (source.name !== seen?.name) throw changedMeanwhile();
    if (!target) throw new AppError("not_found", "The category to merge into was not found.", { fields: { into: ["No such category."] } });
    const moved = await moveCategoryUses(tx, { businessId, from: source.name, to: target.name });
    await deleteCategoryRow(tx, { businessId, categoryId: source.id });
    const summary = { from: source.name, into: target.name, intoId: target.id, ...moved };
    await auditCategory(tx, { actor, action: "category.merge", categoryId: source.id, summary }, ctx);
    return { category: toCategoryDto(target, await productCountOf(tx, { businessId, name: target.name })), moved };
  });
}

/**
 * category:manage. Only a category no product (nor a product's pending change) uses: otherwise 409
 * naming how many do. Approved revisions, the products' history, forget the name. 404 not in the business.
 */
export async function deleteCategory(actor: Actor, input: { categoryId: string }, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, "category:manage");
  await transaction(async (tx) => {
    const businessId = actor.businessId;
    const row = await getCategoryInBusiness(tx, { businessId, categoryId: input.categoryId, lock: true });
    if (!row) throw notFound("Category");
    const uses = await countCategoryUses(tx, { businessId, name: row.name });
    if (uses.products > 0 || uses.openRevisions > 0) {
      const what = [
        uses.products > 0 ? `${uses.products} ${uses.products === 1 ? "product uses" : "products use"} it` : null,
        uses.openRevisions > 0 ? `${uses.openRevisions} pending ${uses.openRevisions === 1 ? "change names" : "changes name"} it` : null,
      ]
        .filter(Boolean)
        .join(" and ");
      throw new AppError("conflict", `“${row.name}” cannot be deleted: ${what}. Merge it into another category instead.`, {
        extra: { products: uses.products, revisions: uses.openRevisions },
      });
    }
    await clearCategoryFromHistory(tx, { businessId, name: row.name });
    await deleteCategoryRow(tx, { businessId, categoryId: row.id });
    await auditCategory(tx, { actor, action: "category.delete", categoryId: row.id, summary: { name: row.name } }, ctx);
  });
}
