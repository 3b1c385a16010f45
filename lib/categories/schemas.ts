import { z } from "zod";
import { CATEGORY_MAX } from "@/lib/products/vocabulary";
import { isSingleLine, SINGLE_LINE_MESSAGE } from "@/lib/single-line";

/** Shared by the category manager and the API. Browser-safe. */

const categoryName = z
  .string({ error: "A name is required." })
  // Stored as products spell it (lib/categories/queries.ts normalizeCategoryName): trimmed, inner runs of spaces collapsed.
  .transform((value) => value.trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, "A name is required.")
      .max(CATEGORY_MAX, `A name must be at most ${CATEGORY_MAX} characters.`)
      .refine(isSingleLine, `A name ${SINGLE_LINE_MESSAGE}`),
  );

export const categoryCreateSchema = z.object({ name: categoryName }).strict();

export const categoryRenameSchema = z.object({ name: categoryName }).strict();

export const categoryMergeSchema = z.object({ into: z.uuid("into must be a category id.") }).strict();

export type CategoryCreateInput = z.infer<typeof categoryCreateSchema>;
export type CategoryRenameInput = z.infer<typeof categoryRenameSchema>;
export type CategoryMergeInput = z.infer<typeof categoryMergeSchema>;

/** One category of the business's list, with how many products use it. */
export type CategoryDto = { id: string; name: string; productCount: number; createdAt: string; updatedAt: string };

/** The whole list: a managed vocabulary, small enough to send at once (the filter and the form offer every entry). */
export type CategoryList = { count: number; results: CategoryDto[] };

/** What a merge moved onto the target. */
export type CategoryMergeResult = { category: CategoryDto; moved: { products: number; revisions: number } };
