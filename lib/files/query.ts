import "server-only";
import { and, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { ChatFile, ChatFileColumn } from "@/db/schema";
import { AppError, type FieldErrors } from "@/lib/errors";
import { cellValue, FILE_LIMITS, numberIn, ROW_NUMBER_KEY, writtenDateAsIso, type DateOrder } from "./parse";
import {
  aggregateFileRowsSql,
  countFileRecords,
  fileRecords,
  fileRowCount,
  matchFileRowsToCatalogSql,
  recordNumber,
  recordRowNumber,
  recordText,
  selectFileCells,
  selectFileRowNumbers,
  type FileAggregateFn,
  type FileSlot,
} from "./queries";

/**
 * Filtering, sorting and aggregating the records of one chat file. Validation and the translation into
 * SQL fragments (`compileFileQuery`, `compileFileAggregate`) are separate from running them, so the rules
 * are testable without a database. Column names and values only ever reach SQL as bound parameters:
 * a column is first looked up in the file's own column list and then read by its index there.
 */

export const FILE_QUERY_OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "contains", "empty"] as const;
export const FILE_AGGREGATE_FNS = ["count", "sum", "avg", "min", "max"] as const satisfies readonly FileAggregateFn[];
export const FILE_QUERY_LIMITS = { maxLimit: 500, maxOffset: 1_000_000, maxWhere: 20, maxColumns: 200, maxValue: 1000 } as const;

export type FileQueryOp = (typeof FILE_QUERY_OPS)[number];
export type FileCellValue = string | number | boolean | null;

const columnName = z
  .string({ error: "Column must be a column name." })
  .min(1, "Column must not be empty.")
  .max(FILE_LIMITS.maxColumnNameChars, `Column must be at most ${FILE_LIMITS.maxColumnNameChars} characters.`);

const searchText = z
  .string({ error: "Search must be text." })
  .trim()
  .min(1, "Search must not be empty.")
  .max(200, "Search must be at most 200 characters.");

const condition = z.object({
  column: columnName,
  op: z.enum(FILE_QUERY_OPS, { error: `Operator must be one of: ${FILE_QUERY_OPS.join(", ")}.` }),
  value: z
    .union(
      [
        z.string().max(FILE_QUERY_LIMITS.maxValue, `Value must be at most ${FILE_QUERY_LIMITS.maxValue} characters.`),
        z.number({ error: "Value must be a finite number." }),
        z.boolean(),
        z.null(),
      ],
      { error: "Value must be text, a number, true/false or null." },
    )
    .optional(),
});

const whereList = z
  .array(condition, { error: "Where must be a list of conditions." })
  .max(FILE_QUERY_LIMITS.maxWhere, `At most ${FILE_QUERY_LIMITS.maxWhere} conditions.`);

const limit = (fallback: number) =>
  z
    .number({ error: "Limit must be a number." })
    .int("Limit must be a whole number.")
    .min(1, "Limit must be at least 1.")
    .max(FILE_QUERY_LIMITS.maxLimit, `Limit must be at most ${FILE_QUERY_LIMITS.maxLimit}.`)
    .default(fallback);

export const fileQuerySchema = z.object({
  q: searchText.optional(),
  where: whereList.optional(),
  columns: z
    .array(columnName, { error: "Columns must be a list of column names." })
    .max(FILE_QUERY_LIMITS.maxColumns, `At most ${FILE_QUERY_LIMITS.maxColumns} columns.`)
    .optional(),
  orderBy: z
    .object(
      {
        column: columnName,
        direction: z.enum(["asc", "desc"], { error: "Direction must be asc or desc." }).default("asc"),
      },
      { error: "Order by must be an object with a column." },
    )
    .optional(),
  limit: limit(50),
  offset: z
    .number({ error: "Offset must be a number." })
    .int("Offset must be a whole number.")
    .min(0, "Offset must be at least 0.")
    .max(FILE_QUERY_LIMITS.maxOffset, `Offset must be at most ${FILE_QUERY_LIMITS.maxOffset.toLocaleString("en-US")}.`)
    .default(0),
});

export const fileAggregateSchema = z
  .object({
    fn: z.enum(FILE_AGGREGATE_FNS, { error: `Function must be one of: ${FILE_AGGREGATE_FNS.join(", ")}.` }),
    column: columnName.optional(),
    groupBy: columnName.optional(),
    where: whereList.optional(),
    q: searchText.optional(),
    // Only the first `limit` groups come back: the smallest ones must be asked for, not looked for after them.
    direction: z.enum(["asc", "desc"], { error: "Direction must be asc or desc." }).default("desc"),
    limit: limit(100),
  })
  .superRefine((value, context) => {
    if (value.fn !== "count" && value.column === undefined) {
      context.addIssue({ code: "custom", path: ["column"], message: `A column is required for ${value.fn}.` });
    }
  });

export type FileQuery = z.output<typeof fileQuerySchema>;
export type FileAggregate = z.output<typeof fileAggregateSchema>;
export type FileCondition = z.output<typeof condition>;

type FileColumns = Pick<ChatFile, "columns">;

// ---- compiling --------------------------------------------------------------------------------

function invalid(path: string, message: string): AppError {
  const fields: FieldErrors = { [path]: [message] };
  return new AppError("invalid_request", message, { fields });
}

function lookUp(file: FileColumns, name: string, path: string): ChatFileColumn {
  const column = file.columns.find((candidate) => candidate.name === name);
  if (!column) throw invalid(path, `Unknown column “${name.slice(0, 200)}”. Columns: ${file.columns.map((c) => c.name).join(", ")}.`.slice(0, 1000));
  return column;
}

const isNumeric = (column: ChatFileColumn) => column.type === "integer" || column.type === "number";

/**
 * The columns one statement reads, each given a slot of `fileRecords` as it is first used, and the
 * per-record expressions over them. A column is found by its index in the file's own list; its name
 * never reaches SQL at all.
 */
class FileSlots {
  readonly list: FileSlot[] = [];

  constructor(private readonly file: FileColumns) {}

  private slotOf(column: ChatFileColumn, numbers: boolean): number {
    const position = this.file.columns.indexOf(column);
    const existing = this.list.findIndex((slot) => slot.position === position);
    if (existing >= 0) {
      if (numbers) this.list[existing]!.numbers = true;
      return existing;
    }
    return this.list.push({ position, numbers }) - 1;
  }

  /**
   * The cell as the column's type reads it, as text: without the spaces around it (a CSV written "a, b"
   * pads every cell but the first), true/false in lower case; SQL null when empty. Only the comparison
   * trims: a record comes back as the file wrote it.
   */
  text(column: ChatFileColumn): SQL {
    const cell = recordText(this.slotOf(column, false));
    if (column.type === "boolean") return sql`lower(btrim(${cell}))`;
    if (column.type === "date" || column.type === "text") return sql`btrim(${cell})`;
    return cell;
  }

  /** The expression values of this column are compared, sorted and grouped by: numeric for numbers, ISO days for written dates. */
  key(column: ChatFileColumn): SQL {
    if (isNumeric(column)) return recordNumber(this.slotOf(column, true));
    if (column.type === "date" && column.dateOrder) return isoDayOfWritten(this.text(column), column.dateOrder);
    return this.text(column);
  }
}

/**
 * A date written "1/31/2024" or "31.01.2024" as its ISO day, so it compares and sorts as a day. The parser
 * made the column a date only when every cell is a day in this order, so the parts are there.
 */
function isoDayOfWritten(text: SQL, order: DateOrder): SQL {
  const parts = sql`translate(${text}, '.', '/')`;
  const part = (index: 1 | 2) => sql`lpad(split_part(${parts}, '/', ${sql.raw(String(index))}), 2, '0')`;
  const [month, day] = order === "mdy" ? [part(1), part(2)] : [part(2), part(1)];
  return sql`split_part(${parts}, '/', 3) || '-' || ${month} || '-' || ${day}`;
}

function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, "!$&")}%`;
}

function containsText(expression: SQL, text: string): SQL {
  return sql`${expression} ilike ${likePattern(text)} escape '!'`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const COMPARATORS = { eq: sql`=`, lt: sql`<`, lte: sql`<=`, gt: sql`>`, gte: sql`>=` } as const;

/** The bound operand a value is compared with, by the column's type; throws on a value that type cannot hold. */
function operand(column: ChatFileColumn, value: Exclude<FileCellValue, null>, path: string): SQL {
  switch (column.type) {
    case "integer":
    case "number": {
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? (numberIn(value) ?? Number(value.trim())) : NaN;
      if (!Number.isFinite(number)) throw invalid(path, `“${column.name}” holds numbers: the value must be a number.`);
      return sql`${String(number)}::numeric`;
    }
    case "boolean": {
      const flag = typeof value === "boolean" ? value : /^(true|false)$/i.test(String(value).trim()) ? String(value).trim().toLowerCase() === "true" : null;
      if (flag === null) throw invalid(path, `“${column.name}” holds true/false: the value must be true or false.`);
      return sql`${String(flag)}::text`;
    }
    case "date": {
      if (typeof value !== "string") throw invalid(path, `“${column.name}” holds dates: the value must be a date such as "2024-01-31".`);
      if (!column.dateOrder) return sql`${value.trim()}::text`;
      // Written dates compare as ISO days: a value is one, or a date written as the file writes them.
      const day = ISO_DAY.test(value.trim()) ? value.trim() : writtenDateAsIso(value, column.dateOrder);
      if (day === null) {
        const written = column.dateOrder === "mdy" ? "01/31/2024" : "31/01/2024";
        throw invalid(path, `“${column.name}” holds dates: the value must be a date such as "2024-01-31" or "${written}".`);
      }
      return sql`${day}::text`;
    }
    case "text":
      return sql`btrim(${String(value)}::text)`;
  }
}

function compileCondition(file: FileColumns, slots: FileSlots, item: FileCondition, path: string): SQL {
  const column = lookUp(file, item.column, `${path}.column`);
  const value = item.value;
  const text = slots.text(column);
  if (item.op === "empty") return value === false ? sql`${text} is not null` : sql`${text} is null`;
  if (item.op === "contains") {
    if (value === undefined || value === null || String(value) === "") throw invalid(`${path}.value`, "Contains needs a value to look for.");
    return containsText(text, String(value));
  }
  // Comparing with null asks whether the value is missing: eq null is "empty", neq null "not empty".
  if (value === undefined) throw invalid(`${path}.value`, `The operator ${item.op} needs a value.`);
  if (value === null) {
    if (item.op === "eq") return sql`${text} is null`;
    if (item.op === "neq") return sql`${text} is not null`;
    throw invalid(`${path}.value`, `The operator ${item.op} needs a value other than null.`);
  }
  if (column.type === "boolean" && item.op !== "eq" && item.op !== "neq") {
    throw invalid(`${path}.op`, `“${column.name}” holds true/false: only eq, neq and empty apply.`);
  }
  // A day asked of a column holding times ("placed on 2024-01-31") compares each record's day: its value
  // alone would be after the day's own text, so "on" would find nothing and "after" would take the day in.
  const day = column.type === "date" && typeof value === "string" && ISO_DAY.test(value.trim());
  const left = day ? sql`left(${slots.key(column)}, 10)` : slots.key(column);
  const right = operand(column, value, `${path}.value`);
  // A record without a value is not equal to anything, so "not equal" includes it.
  if (item.op === "neq") return sql`${left} is distinct from ${right}`;
  return sql`${left} ${COMPARATORS[item.op]} ${right}`;
}

/** The filter of a query or aggregate, or null when it has none. */
function compileFilter(file: FileColumns, slots: FileSlots, input: { where?: FileCondition[]; q?: string }): SQL | null {
  const parts = (input.where ?? []).map((item, index) => compileCondition(file, slots, item, `where.${index}`));
  if (input.q !== undefined) {
    const texts = file.columns.filter((column) => column.type === "text");
    parts.push(texts.length ? or(...texts.map((column) => containsText(slots.text(column), input.q!)))! : sql`false`);
  }
  return parts.length ? and(...parts)! : null;
}

export type CompiledFileQuery = {
  slots: FileSlot[];
  /** Null when the query neither filters nor sorts: the page is then records offset + 1… in file order. */
  where: SQL | null;
  orderBy: SQL[] | null;
  columns: ChatFileColumn[];
  limit: number;
  offset: number;
};

/** Checks every column against the file and turns the query into bound SQL fragments. */
export function compileFileQuery(file: FileColumns, query: FileQuery): CompiledFileQuery {
  const columns = query.columns
    ? [...new Set(query.columns.map((name, index) => lookUp(file, name, `columns.${index}`)))]
    : file.columns;
  const slots = new FileSlots(file);
  const where = compileFilter(file, slots, query);
  let orderBy: SQL[] | null = null;
  if (query.orderBy) {
    const column = lookUp(file, query.orderBy.column, "orderBy.column");
    const direction = query.orderBy.direction === "desc" ? sql`desc` : sql`asc`;
    orderBy = [sql`${slots.key(column)} ${direction} nulls last`];
  }
  if (where || orderBy) orderBy = [...(orderBy ?? []), sql`${recordRowNumber} asc`];
  return { slots: slots.list, where, orderBy, columns, limit: query.limit, offset: query.offset };
}

export type CompiledFileAggregate = {
  slots: FileSlot[];
  fn: FileAggregateFn;
  where: SQL | null;
  value: SQL | null;
  group: SQL | null;
  valueColumn: ChatFileColumn | null;
  groupColumn: ChatFileColumn | null;
  direction: "asc" | "desc";
  limit: number;
};

export function compileFileAggregate(file: FileColumns, aggregate: FileAggregate): CompiledFileAggregate {
  const valueColumn = aggregate.column === undefined ? null : lookUp(file, aggregate.column, "column");
  const groupColumn = aggregate.groupBy === undefined ? null : lookUp(file, aggregate.groupBy, "groupBy");
  if (aggregate.fn !== "count" && !valueColumn) throw invalid("column", `A column is required for ${aggregate.fn}.`);
  if ((aggregate.fn === "sum" || aggregate.fn === "avg") && valueColumn && !isNumeric(valueColumn)) {
    throw invalid("column", `${aggregate.fn} needs a numeric column; “${valueColumn.name}” holds ${valueColumn.type} values.`);
  }
  if ((aggregate.fn === "min" || aggregate.fn === "max") && valueColumn?.type === "boolean") {
    throw invalid("column", `${aggregate.fn} needs a number, date or text column; “${valueColumn.name}” holds true/false.`);
  }
  const slots = new FileSlots(file);
  return {
    slots: slots.list,
    fn: aggregate.fn,
    where: compileFilter(file, slots, aggregate),
    value: valueColumn ? (aggregate.fn === "count" ? slots.text(valueColumn) : slots.key(valueColumn)) : null,
    group: groupColumn ? slots.key(groupColumn) : null,
    valueColumn,
    groupColumn,
    direction: aggregate.direction,
    limit: aggregate.limit,
  };
}

// ---- running ----------------------------------------------------------------------------------

function recordsOf(file: ChatFile, slots: FileSlot[]): SQL {
  return fileRecords({ fileId: file.id, businessId: file.businessId, slots });
}

export async function queryFileRows(
  db: Database,
  input: { file: ChatFile; query: FileQuery },
): Promise<{ count: number; results: Record<string, FileCellValue>[] }> {
  const { file } = input;
  const compiled = compileFileQuery(file, input.query);
  let rowNumbers: number[];
  let count: number;
  if (compiled.orderBy) {
    // Filtered or sorted: first the page's record numbers from the columns the query reads, then their cells.
    const records = recordsOf(file, compiled.slots);
    const where = compiled.where ?? sql`true`;
    const page = await selectFileRowNumbers(db, { records, where, orderBy: compiled.orderBy, limit: compiled.limit, offset: compiled.offset });
    rowNumbers = page.rowNumbers;
    count = page.total ?? (await countFileRecords(db, { records, where }));
  } else {
    count = await fileRowCount(db, { fileId: file.id, businessId: file.businessId });
    const last = Math.min(count, compiled.offset + compiled.limit);
    rowNumbers = Array.from({ length: Math.max(0, last - compiled.offset) }, (_, index) => compiled.offset + index + 1);
  }
  const positions = compiled.columns.map((column) => file.columns.indexOf(column));
  const cells = await selectFileCells(db, { fileId: file.id, businessId: file.businessId, positions, rowNumbers });
  const results = rowNumbers.map((rowNumber) => {
    const texts = cells.get(rowNumber)!;
    // No prototype: a column named `__proto__` is a column like any other.
    const picked: Record<string, FileCellValue> = Object.create(null) as Record<string, FileCellValue>;
    for (const [slot, column] of compiled.columns.entries()) picked[column.name] = cellValue(column.type, texts[slot] ?? null);
    picked[ROW_NUMBER_KEY] = rowNumber;
    return picked;
  });
  return { count, results };
}

export type FileAggregateResult = { group?: FileCellValue; value: number | string | null; rows: number };

/** The aggregate's results; with groups, also how many groups there are in all (the results stop at the limit). */
export async function aggregateFileRows(
  db: Database,
  input: { file: ChatFile; aggregate: FileAggregate },
): Promise<{ results: FileAggregateResult[]; groups?: number }> {
  const compiled = compileFileAggregate(input.file, input.aggregate);
  const rows = await aggregateFileRowsSql(db, {
    records: recordsOf(input.file, compiled.slots),
    where: compiled.where ?? sql`true`,
    fn: compiled.fn,
    value: compiled.value,
    group: compiled.group,
    direction: compiled.direction,
    limit: compiled.limit,
  });
  const numeric = compiled.fn === "count" || compiled.fn === "sum" || compiled.fn === "avg" || (compiled.valueColumn !== null && isNumeric(compiled.valueColumn));
  const results = rows.map((row): FileAggregateResult => {
    const value = row.value === null || row.value === undefined ? null : numeric ? Number(row.value) : String(row.value);
    const count = Number(row.rows);
    return compiled.groupColumn ? { group: cellValue(compiled.groupColumn.type, row.group), value, rows: count } : { value, rows: count };
  });
  return compiled.groupColumn ? { results, groups: rows[0]?.groups ?? 0 } : { results };
}

// ---- matching against the catalog -------------------------------------------------------------

const SKU_COLUMN = /^(sku|skus|productsku|itemsku|skucode|productcode|itemcode|articlenumber|partnumber|partno|code)$/;
const NAME_COLUMN = /^(name|productname|itemname|product|item|title|productitle|producttitle)$/;

function simplified(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The column holding SKUs and the one holding product names, by their names ("SKU", "Product name"…). */
export function catalogKeyColumns(file: FileColumns): { sku: ChatFileColumn | null; name: ChatFileColumn | null } {
  const texts = file.columns.filter((column) => column.type === "text" || column.type === "integer");
  return {
    sku: texts.find((column) => SKU_COLUMN.test(simplified(column.name))) ?? null,
    name: texts.find((column) => column.type === "text" && NAME_COLUMN.test(simplified(column.name))) ?? null,
  };
}

export type CatalogMatch = { row: number; productId: string; matchedBy: "sku" | "name" };

/**
 * The file's records that are products of the business's approved catalog, by SKU or by name; 400 when
 * the file has neither a SKU nor a name column.
 */
export async function matchFileToCatalog(
  db: Database,
  input: { file: ChatFile; limit: number },
): Promise<{ skuColumn: string | null; nameColumn: string | null; total: number; results: CatalogMatch[] }> {
  const keys = catalogKeyColumns(input.file);
  if (!keys.sku && !keys.name) {
    throw invalid("matchCatalog", "The file has no column of SKUs or product names to compare with the catalog.");
  }
  const slots = new FileSlots(input.file);
  const sku = keys.sku ? slots.text(keys.sku) : null;
  const name = keys.name ? slots.text(keys.name) : null;
  const rows = await matchFileRowsToCatalogSql(db, {
    records: recordsOf(input.file, slots.list),
    businessId: input.file.businessId,
    sku,
    name,
    limit: input.limit,
  });
  return {
    skuColumn: keys.sku?.name ?? null,
    nameColumn: keys.name?.name ?? null,
    total: rows[0]?.total ?? 0,
    results: rows.map((row) => ({ row: row.rowNumber, productId: row.productId, matchedBy: row.matchedBy })),
  };
}
