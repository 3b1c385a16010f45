import "server-only";
import { getDb } from "@/db/client";
import { assertCan, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { listBusinessProducts, type ProductRow } from "./queries";
import type { ExportQuery } from "./tools-schemas";

/** The import's columns, in its order: an exported file imports again as it is. */
export const CSV_COLUMNS = ["name", "description", "price", "sku", "category", "stock"] as const;

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection): such a cell is
// written with a leading apostrophe, which spreadsheets hide and the import removes again.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-guarded, quoted (RFC 4180) when it holds a comma, quote, line break or edge space. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function productLine(row: Pick<ProductRow, (typeof CSV_COLUMNS)[number]>): string {
  return csvLine([row.name, row.description, row.price, row.sku, row.category, row.stock]);
}

// Excel reads a CSV as UTF-8 only with the byte order mark; the import strips it.
const BOM = "\uFEFF";

/** product:read_unapproved (staff). The import template: the header and one example row. */
export function importTemplate(actor: Actor): { filename: string; body: string } {
  assertCan(actor, "product:read_unapproved");
  return { filename: "products-template.csv", body: importTemplateCsv() };
}

function importTemplateCsv(): string {
  return (
    BOM +
    csvLine([...CSV_COLUMNS]) +
    productLine({
      name: "Desk lamp",
      description: "Warm LED desk lamp with a dimmer, 40 cm arm.",
      price: "39.90",
      sku: "LAMP-001",
      category: "Lighting",
      stock: 25,
    })
  );
}

const EXPORT_PAGE = 500;

/**
 * product:read_unapproved (staff). The caller's view of the catalog (the staff list's filters and
 * order, the statuses the role may see) as CSV in the import's columns, read and sent a page at a time.
 * The first page is read before anything is sent, so a failure there is still an error answer.
 */
export async function exportProductsCsv(actor: Actor, query: ExportQuery): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  assertCan(actor, "product:read_unapproved");
  const filters = { q: query.q, status: query.status, createdBy: query.createdBy, category: query.category, sort: query.sort };
  const page = (offset: number) =>
    listBusinessProducts(getDb(), {
      ...filters,
      businessId: actor.businessId,
      viewerId: actor.id,
      statuses: visibleStatuses(actor.role),
      limit: EXPORT_PAGE,
      offset,
    });
  const first = await page(0);
  const encoder = new TextEncoder();
  let offset = 0;
  let rows = first.rows;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + csvLine([...CSV_COLUMNS])));
      } else {
        if (rows.length < EXPORT_PAGE) {
          controller.close();
          return;
        }
        offset += EXPORT_PAGE;
        rows = (await page(offset)).rows;
      }
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(productLine).join("")));
    },
  });
  return { filename: `products-${new Date().toISOString().slice(0, 10)}.csv`, body };
}
