import "server-only";
import { getDb } from "@/db/client";
import { assertCan, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { csvFile, csvFilename, csvStream, type CsvCell, type CsvDownload } from "@/lib/csv";
import { listBusinessProductIds, listBusinessProductsByIds, type ProductRow } from "./queries";
import type { ExportQuery } from "./tools-schemas";

/** The import's columns, in its order: an exported file imports again as it is. */
export const CSV_COLUMNS = ["name", "description", "price", "sku", "category", "stock"] as const;

/** A product's row of the export, in CSV_COLUMNS order. */
export function productCells(row: Pick<ProductRow, (typeof CSV_COLUMNS)[number]>): CsvCell[] {
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
 * The order is read once, as ids, before anything is sent (so a failure there is still an error
 * answer), and the rows a page at a time by id: products added, edited or deleted while the file is
 * written never repeat or skip a row (one deleted, or no longer visible to the caller, is left out).
 */
export async function exportProductsCsv(actor: Actor, query: ExportQuery): Promise<CsvDownload> {
  assertCan(actor, "product:read_unapproved");
  const filters = {
    q: query.q,
    status: query.status,
    createdBy: query.createdBy,
    category: query.category,
    sort: query.sort,
    businessId: actor.businessId,
    viewerId: actor.id,
    statuses: visibleStatuses(actor.role),
  };
  const db = getDb();
  const ids = await listBusinessProductIds(db, filters);
  let next = 0;
  const body = await csvStream<ProductRow>({
    header: [...CSV_COLUMNS],
    chunkSize: EXPORT_PAGE,
    readChunk: async () => {
      // A full page unless the ids ran out, since a short page ends the file.
      const rows: ProductRow[] = [];
      while (rows.length < EXPORT_PAGE && next < ids.length) {
        const wanted = ids.slice(next, next + EXPORT_PAGE - rows.length);
        next += wanted.length;
        rows.push(...(await listBusinessProductsByIds(db, { ...filters, ids: wanted })));
      }
      return rows;
    },
    cells: productCells,
  });
  return { filename: csvFilename("products"), body };
}
