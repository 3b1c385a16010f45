import { z } from "zod";
import type { ProductStatus } from "@/db/schema";
import type { ProductImageDto } from "@/lib/images/queries";
import type { FieldChange } from "./diff";
import type { Page } from "@/lib/pagination";
import { formatCount } from "@/lib/format";
import { pageQuery } from "@/lib/pagination-query";
import { isSingleLine, SINGLE_LINE_MESSAGE } from "@/lib/single-line";
import { CATEGORY_MAX, DESCRIPTION_MAX, NAME_MAX, PRICE_PATTERN, PRODUCT_LIST_SORTS, PRODUCT_STATUSES, REASON_MAX, SKU_MAX } from "./vocabulary";

/** Shared by the product form and the API: docs/architecture.md §4 "Product lifecycle" validation. */

const DECIMAL_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

const name = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters.`)
  .refine(isSingleLine, `Name ${SINGLE_LINE_MESSAGE}`);

const description = z
  .string({ error: "Description is required." })
  .trim()
  .min(1, "Description is required.")
  .max(DESCRIPTION_MAX, `Description must be at most ${formatCount(DESCRIPTION_MAX)} characters.`);

// A string, never a JSON number: binary floats cannot carry cents exactly.
export const priceSchema = z
  .string({ error: "Price must be a decimal string such as \"19.99\"." })
  .trim()
  // Said first for a price too large, which would also fail the pattern below for its number of digits.
  .refine((value) => !/^\d{11,}(\.\d*)?$/.test(value), "Price must be at most 9,999,999,999.99.")
  .regex(PRICE_PATTERN, "Price must be a number ≥ 0 with at most 2 decimals, e.g. \"19.99\".");

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .refine(isSingleLine, `${label} ${SINGLE_LINE_MESSAGE}`)
    .nullable()
    .optional()
    // An empty form field means "none".
    .transform((value) => (value === "" ? null : value));

const stock = z
  .number({ error: "Stock must be a whole number ≥ 0, or empty for unlimited." })
  .int("Stock must be a whole number.")
  .min(0, "Stock cannot be negative.")
  .max(2_147_483_647, "Stock is too large.")
  .nullable()
  .optional();

const productFields = {
  name,
  description,
  price: priceSchema,
  sku: optionalText("SKU", SKU_MAX),
  category: optionalText("Category", CATEGORY_MAX),
  stock,
};

/**
 * Create: status may only ask for "draft" (default) or "pending_approval"; businessId,
 * createdBy, approvedBy and any other field are refused by .strict().
 */
export const productCreateSchema = z
  .object({
    ...productFields,
    status: z
      .enum(["draft", "pending_approval"], { error: "Status may only be \"draft\" or \"pending_approval\"." })
      .optional(),
  })
  .strict();

/** Edit: any subset of the fields; `status: "pending_approval"` also submits it. */
export const productUpdateSchema = z
  .object({
    name: name.optional(),
    description: description.optional(),
    price: priceSchema.optional(),
    sku: productFields.sku,
    category: productFields.category,
    stock,
    // The stock the editor saw: a new stock is refused (409) when it has moved since (a sale, another
    // editor), rather than silently putting back what was sold.
    expectedStock: z
      .number({ error: "expectedStock must be the stock you saw: a whole number ≥ 0, or null for unlimited." })
      .int("expectedStock must be a whole number.")
      .min(0, "expectedStock cannot be negative.")
      .nullable()
      .optional(),
    status: z.literal("pending_approval", { error: "Status may only be \"pending_approval\" (submit)." }).optional(),
  })
  .strict()
  .refine((value) => Object.entries(value).some(([key, field]) => key !== "expectedStock" && field !== undefined), {
    message: "Send at least one field to change.",
  })
  .refine((value) => value.expectedStock === undefined || value.stock !== undefined, {
    message: "expectedStock goes with a new stock.",
    path: ["expectedStock"],
  });

/** The product form's fields; also what a row of an import file may carry (imports always land as drafts). */
export const productFormSchema = z.object(productFields).strict();
export const productImportRowSchema = productFormSchema;

/** The `version` of the review item or product the reviewer read (reviewVersion); optional for API callers. */
const reviewedVersion = z
  .string({ error: "version must be the version of the product you reviewed." })
  .min(1, "version must be the version of the product you reviewed.")
  .max(64, "version must be the version of the product you reviewed.")
  .optional();

export const approveSchema = z.object({ version: reviewedVersion }).strict();

export const rejectSchema = z
  .object({
    reason: z
      .string({ error: "A reason is required." })
      .trim()
      .min(1, "A reason is required.")
      .max(REASON_MAX, `The reason must be at most ${REASON_MAX} characters.`),
    version: reviewedVersion,
  })
  .strict();

export const emptyBodySchema = z.object({}).strict();

const searchText = z.string().trim().max(200, "q must be at most 200 characters.").optional();
const decimalFilter = (label: string) =>
  z.string().trim().regex(DECIMAL_PATTERN, `${label} must be a number ≥ 0 with at most 2 decimals.`).optional();

/** The public catalog's filters, sorts and paging, before the check that ties two of them (publicListQuerySchema). */
export const publicListQueryFields = z.object({
  q: searchText,
  business: z.string().trim().min(1).max(200).optional(),
  category: z.string().trim().min(1).max(CATEGORY_MAX).optional(),
  minPrice: decimalFilter("minPrice"),
  maxPrice: decimalFilter("maxPrice"),
  // Relevance is the rank of `q`; without a search it is the newest first. Blank means "not given", as a form sends it.
  sort: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(["relevance", "price_asc", "price_desc", "newest"], { error: "sort must be one of relevance, price_asc, price_desc, newest." })
      .default("relevance"),
  ),
  // Only what can be bought now (unlimited stock counts as in stock); false or absent lists everything.
  inStock: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(["true", "false", "1", "0"], { error: "inStock must be true or false." })
      .optional()
      .transform((value) => value === "true" || value === "1"),
  ),
  ...pageQuery,
});

/**
 * A price range the wrong way round (min 500, max 100) matches nothing: an API caller is told so, rather
 * than answered an empty page that looks like a catalog without such products.
 */
export function refusePriceRangeOutOfOrder(query: { minPrice?: string; maxPrice?: string }, ctx: z.RefinementCtx): void {
  if (query.minPrice !== undefined && query.maxPrice !== undefined && Number(query.minPrice) > Number(query.maxPrice)) {
    ctx.addIssue({ code: "custom", path: ["maxPrice"], message: "maxPrice must be at least minPrice." });
  }
}

export const publicListQuerySchema = publicListQueryFields.superRefine(refusePriceRangeOutOfOrder);

export const internalListQuerySchema = z.object({
  q: searchText,
  status: z.enum(PRODUCT_STATUSES).optional(),
  createdBy: z.uuid("createdBy must be a user id.").optional(),
  category: z.string().trim().min(1).max(CATEGORY_MAX).optional(),
  sort: z.enum(PRODUCT_LIST_SORTS, { error: `sort must be one of ${PRODUCT_LIST_SORTS.join(", ")}.` }).optional(),
  ...pageQuery,
});

/** The review queue pages like every list. */
/** GET /api/products/reviews: the queue, oldest submission first unless `order=newest`. */
export const reviewsQuerySchema = z.object({
  ...pageQuery,
  order: z.enum(["oldest", "newest"], { error: "order must be oldest or newest." }).default("oldest"),
});

export type ReviewsQuery = z.infer<typeof reviewsQuerySchema>;
export type ProductCreateInput = z.infer<typeof productCreateSchema>;
export type ProductUpdateInput = z.infer<typeof productUpdateSchema>;
export type ProductImportRow = z.infer<typeof productImportRowSchema>;
export type ProductFormValues = z.input<typeof productFormSchema>;
export type ProductFormOutput = z.output<typeof productFormSchema>;
export type PublicListQuery = z.infer<typeof publicListQuerySchema>;
export type InternalListQuery = z.infer<typeof internalListQuerySchema>;

/** A product as its own business sees it (never the search vector). */
export type ProductDto = {
  id: string;
  businessId: string;
  name: string;
  description: string;
  price: string;
  sku: string | null;
  category: string | null;
  stock: number | null;
  status: ProductStatus;
  createdBy: string | null;
  /** Who last edited it and who submitted its current version: separation of duties (lib/auth/permissions.ts). */
  editedBy: string | null;
  submittedBy: string | null;
  /** Everyone who edited or submitted the version under review (a rejection does not clear it). */
  editors: string[];
  approvedBy: string | null;
  approvedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The live gallery, in order. */
  images: ProductImageDto[];
};

/** The workflow internals only the product's own business sees: who did what, and why it was rejected. */
export const STAFF_ONLY_PRODUCT_FIELDS = ["createdBy", "editedBy", "submittedBy", "editors", "approvedBy", "rejectionReason"] as const;

/** A product in the public catalog (signed out, or another business's member): no staff ids, no review notes. */
export type PublicProductDto = Omit<ProductDto, (typeof STAFF_ONLY_PRODUCT_FIELDS)[number]>;

export type { Page, ProductImageDto };

/** A row of the staff list: the live product, the status of its open change, and what a review of it would decide. */
export type ListedProductDto = ProductDto & {
  revisionStatus: ProductStatus | null;
  /** Sent back with a bulk approval or rejection (`versions`), refused for the product once it changed. */
  reviewVersion: string;
};

/** A staff view of an approved product's pending change (GET /api/products/:id, the review queue). */
export type RevisionDto = {
  id: string;
  status: ProductStatus;
  name: string;
  description: string;
  price: string;
  sku: string | null;
  category: string | null;
  images: ProductImageDto[];
  createdBy: string | null;
  editedBy: string | null;
  submittedBy: string | null;
  editors: string[];
  submittedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A staff product: the live version, and its open revision when one exists. */
export type StaffProductDto = ProductDto & {
  revision: RevisionDto | null;
  /** Names what a review would decide (the open revision, else the product): sent back with approve or reject. */
  reviewVersion: string;
};

/** One field a revision changes; images compare as galleries. */
export type RevisionChangeDto = FieldChange<ProductImageDto>;

/** One entry of the review queue: a new product, or a change to a live one with its diff. */
export type ReviewItemDto = {
  kind: "product" | "revision";
  product: ProductDto;
  /** Names the content under review: sent back with approve or reject, refused (409) once it changed. */
  version: string;
  revision: RevisionDto | null;
  changes: RevisionChangeDto[];
  submittedBy: { id: string; name: string } | null;
  submittedAt: string | null;
};

/** One line of a product's audit trail, as the product page shows it. */
export type ProductHistoryEntry = {
  id: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  summary: Record<string, unknown>;
  createdAt: string;
};
