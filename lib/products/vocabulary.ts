import type { ProductStatus } from "@/db/schema";

/**
 * The catalog's words and limits that pages show without validating anything: no zod here, so a page
 * that needs a list of statuses or a length does not download the schema library (lib/products/schemas.ts
 * validates with them).
 */

// Repeated here (type-checked against the schema) so client bundles need not load db/schema.
export const PRODUCT_STATUSES = ["draft", "pending_approval", "approved", "rejected"] as const satisfies readonly ProductStatus[];

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const SKU_MAX = 100;
export const CATEGORY_MAX = 100;
// numeric(12,2) holds at most 10 integer digits.
export const PRICE_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

/** The longest reason a reviewer may give for rejecting a product. */
export const REASON_MAX = 500;

/** The staff table's orders: every column, either way (`<column>_asc` | `<column>_desc`). Unset: best match, then newest. */
export const PRODUCT_LIST_SORTS = [
  "name_asc", "name_desc", "sku_asc", "sku_desc", "category_asc", "category_desc", "price_asc", "price_desc",
  "stock_asc", "stock_desc", "status_asc", "status_desc", "updated_asc", "updated_desc",
] as const;
export type ProductListSort = (typeof PRODUCT_LIST_SORTS)[number];

/** The most products one bulk action (or one export selection) takes. */
export const BULK_MAX_IDS = 100;
