import Papa from "papaparse";
import { unstorableText } from "@/lib/http";
import { MAX_FILE_BYTES } from "./schemas";

/**
 * A customer's tabular file (CSV, TSV or JSON) turned into typed rows and a column profile, with the
 * limits checked while reading: a file is either read whole or refused with the row and the reason.
 * No database here, so every rule is tested on its own.
 */

export const FILE_LIMITS = {
  maxBytes: MAX_FILE_BYTES,
  maxRows: 200_000,
  maxColumns: 200,
  maxCellBytes: 32 * 1024,
} as const;

export type FileKind = "csv" | "tsv" | "json";
export type ColumnType = "integer" | "number" | "boolean" | "date" | "text";
export type CellValue = string | number | boolean | null;

export type ColumnProfile = {
  name: string;
  type: ColumnType;
  nulls: number;
  /** Numbers and dates only: the smallest and largest value (dates as ISO text). */
  min?: number | string;
  max?: number | string;
};

export type ParsedFile = { kind: FileKind; columns: ColumnProfile[]; rows: Record<string, CellValue>[] };

/** Why a file was refused; `row` counts records from 1 (the CSV header is row 0), null for the file as a whole. */
export class FileParseError extends Error {
  constructor(
    readonly reason: string,
    readonly row: number | null = null,
  ) {
    super(row === null ? reason : `Row ${row}: ${reason}`);
    this.name = "FileParseError";
  }
}

const BOM = "\uFEFF";

/** The kind of a file from its content (a JSON document starts with `[` or `{`), the name only breaking a tie. */
export function detectFileKind(text: string, name = ""): FileKind {
  const start = text.replace(BOM, "").trimStart();
  if (start.startsWith("[") || start.startsWith("{")) return "json";
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  const tabs = firstLine.split("\t").length - 1;
  const others = Math.max(firstLine.split(",").length - 1, firstLine.split(";").length - 1);
  if (tabs > others) return "tsv";
  if (tabs === 0 && others === 0 && /\.tsv$/i.test(name)) return "tsv";
  return "csv";
}

/** Parses the whole text of a file; throws FileParseError for anything beyond the limits or malformed. */
export function parseTabularFile(text: string, name = ""): ParsedFile {
  if (Buffer.byteLength(text, "utf8") > FILE_LIMITS.maxBytes) throw new FileParseError("The file is larger than 10 MB.");
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const kind = detectFileKind(body, name);
  const records = kind === "json" ? jsonRecords(body) : delimitedRecords(body, kind);
  return { kind, ...profile(records) };
}

// ---- delimited text ---------------------------------------------------------------------------

type RawRecords = { columns: string[]; rows: Record<string, unknown>[] };

function delimitedRecords(text: string, kind: "csv" | "tsv"): RawRecords {
  let header: string[] | null = null;
  const rows: Record<string, unknown>[] = [];
  let failure: FileParseError | null = null;
  let record = 0;
  Papa.parse<string[]>(text, {
    delimiter: kind === "tsv" ? "\t" : "",
    delimitersToGuess: [",", ";", "\t", "|"],
    skipEmptyLines: "greedy",
    step: (result, parser) => {
      const fail = (reason: string, row: number | null = record) => {
        failure = new FileParseError(reason, row);
        parser.abort();
      };
      const quoteError = result.errors.find((error) => error.type === "Quotes");
      if (quoteError) return fail("a quoted field is never closed.", record + (header ? 1 : 0));
      const cells = result.data;
      if (!header) {
        if (cells.length > FILE_LIMITS.maxColumns) return fail(`the file has ${cells.length} columns; at most ${FILE_LIMITS.maxColumns}.`, 0);
        header = uniqueNames(cells);
        return;
      }
      record += 1;
      if (record > FILE_LIMITS.maxRows) return fail(`the file has more than ${FILE_LIMITS.maxRows.toLocaleString("en-US")} rows.`);
      if (cells.length !== header.length) return fail(`expected ${header.length} fields, found ${cells.length}.`);
      const row: Record<string, unknown> = {};
      for (const [index, cell] of cells.entries()) {
        if (Buffer.byteLength(cell, "utf8") > FILE_LIMITS.maxCellBytes) return fail(`the value of “${header[index]}” is longer than 32 KB.`);
        row[header[index]!] = cell;
      }
      rows.push(row);
    },
  });
  if (failure) throw failure;
  if (!header) throw new FileParseError("The file is empty.");
  return { columns: header, rows };
}

/** Header names as the file gives them, trimmed; blanks become column_N and repeats get _2, _3… */
function uniqueNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell.trim() || `column_${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

// ---- JSON -------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array of objects, or an object holding one (e.g. `{"products": [...]}`). */
function jsonRecords(text: string): RawRecords {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new FileParseError("The file is not valid JSON.");
  }
  const list = Array.isArray(document)
    ? document
    : isPlainObject(document)
      ? Object.values(document).find((value) => Array.isArray(value) && value.length > 0 && value.every(isPlainObject))
      : undefined;
  if (!Array.isArray(list)) throw new FileParseError("The JSON must be an array of objects, or an object holding one.");
  if (list.length > FILE_LIMITS.maxRows) throw new FileParseError(`the file has more than ${FILE_LIMITS.maxRows.toLocaleString("en-US")} rows.`, FILE_LIMITS.maxRows + 1);
  const columns: string[] = [];
  const known = new Set<string>();
  const rows = list.map((item, index) => {
    if (!isPlainObject(item)) throw new FileParseError("the item is not an object.", index + 1);
    const row = flatten(item);
    for (const [column, value] of Object.entries(row)) {
      if (!known.has(column)) {
        known.add(column);
        columns.push(column);
        if (columns.length > FILE_LIMITS.maxColumns) throw new FileParseError(`the file has more than ${FILE_LIMITS.maxColumns} columns.`, index + 1);
      }
      if (typeof value === "string" && Buffer.byteLength(value, "utf8") > FILE_LIMITS.maxCellBytes) {
        throw new FileParseError(`the value of “${column}” is longer than 32 KB.`, index + 1);
      }
    }
    return row;
  });
  return { columns, rows };
}

/** Nested objects become `a.b` columns two levels deep; anything deeper, and arrays, stay as JSON text. */
function flatten(item: Record<string, unknown>, prefix = "", depth = 1): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && depth < 2) Object.assign(flat, flatten(value, name, depth + 1));
    else if (isPlainObject(value) || Array.isArray(value)) flat[name] = JSON.stringify(value);
    else flat[name] = value;
  }
  return flat;
}

// ---- types and the column profile -------------------------------------------------------------

const INTEGER = /^[+-]?\d{1,15}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const BOOLEAN = /^(true|false)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isNull(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** The narrowest type one value fits: integer ⊂ number; a JSON number or boolean is its own type. */
function typeOf(value: unknown): ColumnType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  const text = String(value).trim();
  if (INTEGER.test(text)) return "integer";
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return "number";
  if (BOOLEAN.test(text)) return "boolean";
  if (ISO_DATE.test(text) && !Number.isNaN(Date.parse(text.slice(0, 10)))) return "date";
  return "text";
}

function widen(current: ColumnType | null, next: ColumnType): ColumnType {
  if (current === null || current === next) return next;
  const numeric = new Set<ColumnType>(["integer", "number"]);
  if (numeric.has(current) && numeric.has(next)) return "number";
  return "text";
}

function convert(value: unknown, type: ColumnType): CellValue {
  if (isNull(value)) return null;
  switch (type) {
    case "integer":
    case "number":
      return Number(typeof value === "string" ? value.trim() : value);
    case "boolean":
      return typeof value === "boolean" ? value : String(value).trim().toLowerCase() === "true";
    case "date":
      return String(value).trim();
    case "text":
      return String(value);
  }
}

function profile(records: RawRecords): { columns: ColumnProfile[]; rows: Record<string, CellValue>[] } {
  for (const column of records.columns) {
    const problem = unstorableText(column);
    if (problem) throw new FileParseError(`the column name “${column.replace(/[^\x20-\x7e]/g, "?")}” cannot be stored. ${problem}`, 0);
  }
  for (const [index, row] of records.rows.entries()) {
    for (const [column, value] of Object.entries(row)) {
      const problem = typeof value === "string" ? unstorableText(value) : null;
      if (problem) throw new FileParseError(`the value of “${column.replace(/[^\x20-\x7e]/g, "?")}” cannot be stored. ${problem}`, index + 1);
    }
  }
  const types = new Map<string, ColumnType | null>(records.columns.map((column) => [column, null]));
  for (const row of records.rows) {
    for (const column of records.columns) {
      const value = row[column];
      if (!isNull(value)) types.set(column, widen(types.get(column) ?? null, typeOf(value)));
    }
  }
  const columns: ColumnProfile[] = records.columns.map((name) => ({ name, type: types.get(name) ?? "text", nulls: 0 }));
  const rows = records.rows.map((raw) => {
    const row: Record<string, CellValue> = {};
    for (const column of columns) {
      const value = convert(raw[column.name], column.type);
      row[column.name] = value;
      if (value === null) {
        column.nulls += 1;
        continue;
      }
      if (column.type === "integer" || column.type === "number" || column.type === "date") {
        if (column.min === undefined || value < column.min) column.min = value as number | string;
        if (column.max === undefined || value > column.max) column.max = value as number | string;
      }
    }
    return row;
  });
  return { columns, rows };
}

/** "Supplier price list, 1,204 rows, 6 columns: sku, name, price…" */
export function summarizeFile(name: string, parsed: Pick<ParsedFile, "columns" | "rows">): string {
  const title = name.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").trim() || "File";
  const shown = parsed.columns.slice(0, 8).map((column) => column.name);
  const more = parsed.columns.length > shown.length ? "…" : "";
  const rows = parsed.rows.length;
  const columns = parsed.columns.length;
  return `${title}, ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}, ${columns} column${columns === 1 ? "" : "s"}: ${shown.join(", ")}${more}`;
}
