import "server-only";
import { getDb } from "@/db/client";
import { assertCan, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { csvFile, csvFilename, csvStream, type CsvCell, type CsvDownload } from "@/lib/csv";
import { listBusinessProducts, type ProductRow } from "./queries";
import type { ExportQuery } from "./tools-schemas";

/** The import's columns, in its order: an exported file imports again as it is. */
export const CSV_COLUMNS = ["name", "description", "price", "sku", "category", "stock"] as const;

function productCells(row: Pick<ProductRow, (typeof CSV_COLUMNS)[number]>): CsvCell[] {
  return [row.name, row.description, row.price, row.sku, row.category, row.stock];
}

/** product:read_unapproved (staff). The import template: the header and one example row. */
export function importTemplate(actor: Actor): { filename: string; body: string } {
  assertCan(actor, "product:read_unapproved");
  return { filename: "products-template.csv", body: importTemplateCsv() };
}

function importTemplateCsv(): string {
  // A formula-like cell gets a leading apostrophe (lib/csv.ts), which spreadsheets hide and the import removes again.
  return csvFile([
    [...CSV_COLUMNS],
    productCells({
      name: "Desk lamp",
      description: "Warm LED desk lamp with a dimmer, 40 cm arm.",
      price: "39.90",
      sku: "LAMP-001",
      category: "Lighting",
      stock: 25,
    }),
  ]);
}

const EXPORT_PAGE = 500;

/**
 * product:read_unapproved (staff). The caller's view of the catalog (the staff list's filters and
 * order, the statuses the role may see) as CSV in the import's columns, read and sent a page at a time.
 * The first page is read before anything is sent, so a failure there is still an error answer.
 */
export async function exportProductsCsv(actor: Actor, query: ExportQuery): Promise<CsvDownload> {
  assertCan(actor, "product:read_unapproved");
  const filters = { q: query.q, status: query.status, createdBy: query.createdBy, category: query.category, sort: query.sort };
  let offset = 0;
  const body = await csvStream<ProductRow>({
    header: [...CSV_COLUMNS],
    chunkSize: EXPORT_PAGE,
    readChunk: async (after) => {
      // The staff list's orders are not all keys, so the catalog is paged by position.
      if (after) offset += EXPORT_PAGE;
      const { rows } = await listBusinessProducts(getDb(), {
        ...filters,
        businessId: actor.businessId,
        viewerId: actor.id,
        statuses: visibleStatuses(actor.role),
        limit: EXPORT_PAGE,
        offset,
      });
      return rows;
    },
    cells: productCells,
  });
  return { filename: csvFilename("products"), body };
}
