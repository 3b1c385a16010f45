import "server-only";
import Papa from "papaparse";
import { getDb, isUniqueViolation, transaction } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { resolveCategories } from "@/lib/categories/queries";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { unescapeCsvCell } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { fieldErrorsFrom, firstChars, unstorableText } from "@/lib/http";
import type { RequestContext } from "@/lib/request-context";
import { findTakenSkus, insertProducts, skuKeys } from "./queries";
import { productImportRowSchema, type ProductImportRow } from "./schemas";
import type { ImportResult, ImportRowError } from "./tools-schemas";
import { newProductValues } from "./service";

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

export type ImportFile = { name: string; type: string; text: string };
export type { ImportResult, ImportRowError };

type Format = "csv" | "json";

function formatOf(file: ImportFile): Format {
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase().split(";")[0]!.trim();
  if (name.endsWith(".json") || type === "application/json") return "json";
  if (name.endsWith(".csv") || type === "text/csv" || type === "application/vnd.ms-excel") return "csv";
  if (type === "" || type === "text/plain" || type === "application/octet-stream") {
    // No usable name or type: a JSON array announces itself by its first character.
    return file.text.trimStart().startsWith("[") ? "json" : "csv";
  }
  throw new AppError("invalid_request", "Upload a CSV file (with a header row) or a JSON array of products.", {
    fields: { file: ["Only .csv and .json files can be imported."] },
  });
}

function unparseable(detail: string): AppError {
  return new AppError("invalid_request", detail, { fields: { file: [detail] } });
}

function tooManyRows(count: number): AppError {
  return new AppError(
    "payload_too_large",
    `The file has ${count} rows; at most ${IMPORT_MAX_ROWS} can be imported at once. Split it into smaller files.`,
  );
}

const COLUMNS = new Set(["name", "description", "price", "sku", "category", "stock"]);

/** CSV cells are text; turn the numeric-looking ones into what the shared schema expects. */
/** Papa's key for cells past the header's last column. */
const EXTRA_CELLS = "__parsed_extra";

function isBlankCell(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.every(isBlankCell));
}

function fromCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    // A spreadsheet's empty trailing column (a header or rows ending in a comma) is no field; one that holds
    // something is still refused by name.
    if ((key === "" || key === EXTRA_CELLS) && isBlankCell(raw)) continue;
    // The export's guard against spreadsheet formulas (lib/csv.ts) comes off, so an exported file imports back as it was.
    const value = typeof raw === "string" ? unescapeCsvCell(raw) : raw;
    if (key === "stock") {
      const trimmed = String(value ?? "").trim();
      row.stock = trimmed === "" ? null : /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    } else {
      row[key] = value;
    }
  }
  return row;
}

/** JSON prices may arrive as numbers; the schema still decides whether they are valid. */
function fromJsonRecord(record: unknown): unknown {
  if (!record || typeof record !== "object" || Array.isArray(record)) return record;
  const row = { ...(record as Record<string, unknown>) };
  if (typeof row.price === "number" && Number.isFinite(row.price)) row.price = String(row.price);
  return row;
}

/** Parses an uploaded CSV (header row) or JSON array into raw records; 400 when it does not parse, 413 when too long. */
export function parseImportFile(file: ImportFile): unknown[] {
  const format = formatOf(file);
  const text = file.text.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw unparseable("The file is empty.");
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw unparseable("The file is not valid JSON.");
    }
    if (!Array.isArray(parsed)) throw unparseable("A JSON import must be an array of products.");
    if (parsed.length > IMPORT_MAX_ROWS) throw tooManyRows(parsed.length);
    return parsed.map(fromJsonRecord);
  }
  const result = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => {
      const normalized = header.trim().toLowerCase();
      return COLUMNS.has(normalized) ? normalized : header.trim();
    },
  });
  const fatal = result.errors.find((error) => error.type === "Quotes");
  if (fatal) throw unparseable(`The CSV does not parse (row ${(fatal.row ?? 0) + 1}: ${fatal.message}).`);
  const fields = result.meta.fields ?? [];
  if (!fields.includes("name") && !fields.includes("price")) {
    throw unparseable("The CSV needs a header row naming its columns: name, description, price, sku, category, stock.");
  }
  if (result.data.length > IMPORT_MAX_ROWS) throw tooManyRows(result.data.length);
  const badHeader = fields.map(unstorableText).find(Boolean);
  if (badHeader) throw unparseable(`The header row is not acceptable: ${badHeader}`);
  return result.data.map(fromCsvRecord);
}

/**
 * A NUL (or an unpaired surrogate) in the file name, a header or any cell would fail the insert
 * or the audit entry and take every other row down with it: the file is refused (400) naming the
 * first place it occurs, before anything is written.
 */
function assertStorableText(file: ImportFile, records: unknown[]): void {
  const nameProblem = unstorableText(file.name);
  if (nameProblem) {
    throw new AppError("invalid_request", `The file name is not acceptable. ${nameProblem}`, { fields: { file: [nameProblem] } });
  }
  records.forEach((record, index) => {
    if (!record || typeof record !== "object") return;
    for (const [column, value] of Object.entries(record)) {
      const problem = unstorableText(column) ?? (typeof value === "string" ? unstorableText(value) : null);
      if (!problem) continue;
      const row = index + 1;
      const where = unstorableText(column) ? "a column name" : `column ${JSON.stringify(column)}`;
      throw new AppError("invalid_request", `Row ${row} (${where}) is not acceptable: ${problem} Nothing was imported.`, {
        fields: { [`rows.${row}`]: [problem] },
      });
    }
  });
}

type ValidRow = { row: number; value: ProductImportRow };

function validateRows(records: unknown[]): { valid: ValidRow[]; errors: ImportRowError[] } {
  const valid: ValidRow[] = [];
  const errors: ImportRowError[] = [];
  records.forEach((record, index) => {
    const result = productImportRowSchema.safeParse(record);
    if (result.success) valid.push({ row: index + 1, value: result.data });
    else errors.push({ row: index + 1, fields: fieldErrorsFrom(result.error) });
  });
  return { valid, errors };
}

/**
 * product:import. Every row is validated with the product schema; the valid ones become drafts
 * in one transaction with one audit entry, together with the categories they name that the
 * business did not have (reported as `createdCategories`). Rows are numbered from 1 (the first product; a CSV
 * header does not count). 400 unparseable file, 413 too many rows, 409 if a SKU was taken
 * concurrently (then nothing is created).
 */
export async function importProducts(
  actor: Actor,
  input: { file: ImportFile },
  ctx: RequestContext = {},
): Promise<ImportResult> {
  assertCan(actor, "product:import");
  const records = parseImportFile(input.file);
  assertStorableText(input.file, records);
  const { valid, errors } = validateRows(records);

  // SKUs are unique per business whatever their case: refuse the row here rather than fail the whole transaction.
  const skus = [...new Set(valid.flatMap(({ value }) => (value.sku ? [value.sku] : [])))];
  const db = getDb();
  const [taken, keyOf] = await Promise.all([findTakenSkus(db, { businessId: actor.businessId, skus }), skuKeys(db, { skus })]);
  const firstRowOfKey = new Map<string, { row: number; sku: string }>();
  const accepted: ValidRow[] = [];
  for (const candidate of valid) {
    const sku = candidate.value.sku;
    const first = sku ? firstRowOfKey.get(keyOf.get(sku)!) : undefined;
    if (sku && taken.has(sku)) {
      const stored = taken.get(sku)!;
      const as = stored === sku ? "" : ` as "${stored}"`;
      errors.push({ row: candidate.row, fields: { sku: [`SKU "${sku}" is already used by a product of this business${as} (SKUs match whatever their case).`] } });
    } else if (sku && first) {
      const as = first.sku === sku ? "" : ` as "${first.sku}"`;
      errors.push({ row: candidate.row, fields: { sku: [`Duplicate SKU "${sku}": row ${first.row} already uses it${as} (SKUs match whatever their case).`] } });
    } else {
      if (sku) firstRowOfKey.set(keyOf.get(sku)!, { row: candidate.row, sku });
      accepted.push(candidate);
    }
  }
  errors.sort((a, b) => a.row - b.row);

  const rows = accepted.map(({ value }) => newProductValues({ actor, fields: value, status: "draft" }));

  try {
    const { ids, createdCategories } = await transaction(async (tx) => {
      // Resolved here first (insertProducts then finds them all) so the report can name the new ones.
      const { created: createdCategories } = await resolveCategories(tx, { businessId: actor.businessId, names: rows.map((row) => row.category) });
      const ids = rows.length > 0 ? (await insertProducts(tx, { rows })).map((row) => row.id) : [];
      await recordAudit(tx, {
        actor,
        action: "product.import",
        entityType: "product",
        summary: {
          file: firstChars(input.file.name, 200),
          rows: records.length,
          created: rows.length,
          failed: errors.length,
          ...(createdCategories.length > 0 ? { createdCategories: createdCategories.slice(0, 50), createdCategoryCount: createdCategories.length } : {}),
        },
        requestId: ctx.requestId,
      });
      return { ids, createdCategories };
    });
    return { created: ids.length, ids, createdCategories, errors };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const nowTaken = await findTakenSkus(getDb(), { businessId: actor.businessId, skus: accepted.flatMap(({ value }) => (value.sku ? [value.sku] : [])) });
      const named = [...nowTaken.keys()].slice(0, 5).map((sku) => `"${sku}"`);
      const which = named.length === 0 ? "A SKU in the file was" : named.length === 1 ? `SKU ${named[0]} was` : `SKUs ${named.join(", ")} were`;
      throw new AppError("conflict", `${which} taken by another product while importing; nothing was imported. Try again.`);
    }
    throw error;
  }
}
