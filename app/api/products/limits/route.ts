import { json, route, methods } from "@/lib/http";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/pagination";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "@/lib/products/import";
import { CATEGORY_MAX, DESCRIPTION_MAX, NAME_MAX, PRICE_PATTERN, REASON_MAX, SKU_MAX } from "@/lib/products/vocabulary";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const LIMITS = {
  name: { min: 1, max: NAME_MAX },
  description: { min: 1, max: DESCRIPTION_MAX },
  price: { pattern: PRICE_PATTERN.source, note: "decimal string ≥ 0 with at most 2 decimals" },
  sku: { max: SKU_MAX },
  category: { max: CATEGORY_MAX },
  stock: { min: 0, nullable: true },
  rejectionReason: { min: 1, max: REASON_MAX },
  pageSize: { default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE },
  import: { maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS, formats: ["text/csv", "application/json"] },
};

/**
 * The product validation limits, for clients building forms or import files. A constant
 * answer that touches no database, which also makes it the baseline of bench/catalog.
 */
export const GET = route(async () => json(LIMITS, { headers: { "cache-control": "public, max-age=300" } }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
