import { isLosslessNumber, LosslessNumber, parse as parseLosslessJson, stringify as stringifyLosslessJson } from "lossless-json";
import Papa from "papaparse";
import { MAX_JSON_DEPTH, unstorableText } from "@/lib/http";
import { MAX_FILE_BYTES } from "./schemas";

/**
 * A customer's tabular file (CSV, TSV or JSON) read record by record into column-wise chunks and a
 * column profile, with the limits checked while reading: a file is either read whole or refused with the
 * row and the reason. Cells keep the text the file wrote (a number only loses padding Postgres cannot read,
 * see `ColumnProfiler.observe`); a column's type decides how that text is read (`cellValue`). No database
 * here, so every rule is tested on its own.
 */

export const FILE_LIMITS = {
  maxBytes: MAX_FILE_BYTES,
  maxRows: 200_000,
  maxColumns: 200,
  maxCellBytes: 32 * 1024,
  /** As long as a query may name (lib/files/query.ts); every name goes into the prompt of each turn. */
  maxColumnNameChars: 200,
} as const;

/** The key a query's records carry their row number under: a column of that name is renamed. */
export const ROW_NUMBER_KEY = "_row";

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
  /** Numbers only: the currency sign or percent sign its cells were written with ("$1,200.00", "12%"). */
  unit?: NumberUnit;
  /** Dates written with slashes or dots ("01/31/2024", "31.01.2024"): month or day first. */
  dateOrder?: DateOrder;
};

/**
 * The order of a date written with slashes or dots: month first ("01/31/2024", as in the US) or day
 * first ("31/01/2024", "31.01.2024"). A column's cells decide it: a first part above 12 means day first,
 * a second part above 12 month first. A column none of whose dates says which stays text, read as
 * written, rather than be guessed.
 */
export type DateOrder = "mdy" | "dmy";

/** The signs a number may be written with: a currency before it, or a percent after it. */
export type NumberUnit = "$" | "€" | "£" | "¥" | "%";

/**
 * Consecutive records, column by column: `cells[c][i]` is column c of record `firstRow + i`, null when
 * empty. `numeric[c]`: every cell of column c read so far, this chunk's included, is a number — a later
 * record may still make it text. `formatted[c]`: one of those numbers was written with a sign or
 * thousands separators ("$1,200.00"), so its numeric value is read with them left out.
 */
export type FileChunk = { firstRow: number; cells: (string | null)[][]; numeric: boolean[]; formatted: boolean[] };

export type FileReading = { kind: FileKind; columns: ColumnProfile[]; rowCount: number };

export type ParsedFile = FileReading & { rows: Record<string, CellValue>[] };

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

const DELIMITED_NAME = /\.(csv|tsv|txt)$/i;

/**
 * Text parsed between two yields to the event loop (~10 ms of work): chunks already handed over are
 * written meanwhile, and other requests are served while a large file is read.
 */
const PARSE_SLICE_CHARS = 1 << 18;

/**
 * The kind of a file from its content (a JSON document starts with `[` or `{`, and parses when the name
 * says CSV, TSV or text), the name only breaking a tie. A `.json` file holding a single JSON value (`42`, `"text"`) is JSON too, refused as such rather
 * than read as a CSV of one header and no rows.
 */
export function detectFileKind(text: string, name = ""): FileKind {
  const start = text.replace(BOM, "").trimStart();
  // A spreadsheet's export may start with a bracketed header ("[Date],[Amount]").
  if ((start.startsWith("[") || start.startsWith("{")) && (!DELIMITED_NAME.test(name) || isJsonValue(start))) return "json";
  if (/\.json$/i.test(name) && isJsonValue(start)) return "json";
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  const tabs = firstLine.split("\t").length - 1;
  const others = Math.max(firstLine.split(",").length - 1, firstLine.split(";").length - 1);
  if (tabs > others) return "tsv";
  if (tabs === 0 && others === 0 && /\.tsv$/i.test(name)) return "tsv";
  return "csv";
}

/**
 * Reads a whole file, handing every `chunkRows` records to `onChunk` as they are read (the last chunk may
 * be shorter) and yielding to the event loop between slices of text, so a caller can store chunk n while
 * chunk n + 1 is parsed. Rejects with FileParseError for anything beyond the limits or malformed; chunks
 * handed over before that belong to a file that must then be discarded.
 */
export async function readTabularFile(
  text: string,
  name: string,
  output: { chunkRows: number; onChunk: (chunk: FileChunk) => void },
): Promise<FileReading> {
  // Counted in UTF-16 units, which a file of 10 MB never exceeds once read; the upload counts its bytes as
  // sent (lib/files/receive.ts). Its UTF-8 can be larger: "Unicode text" and Windows-1252 grow when read.
  if (text.length > FILE_LIMITS.maxBytes) throw new FileParseError("The file is larger than 10 MB.");
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const kind = detectFileKind(body, name);
  const records = new RecordCollector(output.chunkRows, output.onChunk);
  if (kind === "json") readJson(body, records);
  else await readDelimited(body, kind, records);
  return { kind, ...records.finish() };
}

/** The whole file at once, each cell read as its column's type: for the seed, tests and benchmarks. */
export async function parseTabularFile(text: string, name = ""): Promise<ParsedFile> {
  const chunks: FileChunk[] = [];
  const reading = await readTabularFile(text, name, { chunkRows: 10_000, onChunk: (chunk) => chunks.push(chunk) });
  const rows = chunks.flatMap((chunk) =>
    (chunk.cells[0] ?? []).map((_, index) => {
      // No prototype, as in `flatten`: a column named `__proto__` is a key like any other.
      const row: Record<string, CellValue> = Object.create(null);
      for (const [position, column] of reading.columns.entries()) row[column.name] = cellValue(column.type, chunk.cells[position]![index]!);
      return row;
    }),
  );
  return { ...reading, rows };
}

/** A stored cell read as its column's type: numbers as numbers, true/false as booleans, dates trimmed. */
export function cellValue(type: ColumnType, text: string | null): CellValue {
  if (text === null) return null;
  switch (type) {
    case "integer":
    case "number":
      return Number(plainNumber(text));
    case "boolean":
      return text.trim().toLowerCase() === "true";
    case "date":
      return text.trim();
    case "text":
      return text;
  }
}

function isJsonValue(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---- records into chunks and profiles ---------------------------------------------------------

/** Collects records into column-wise chunks and profiles each column as the records pass. */
class RecordCollector {
  private profiles: ColumnProfiler[] = [];
  private cells: (string | null)[][] = [];
  private rows = 0;
  private firstRow = 1;

  constructor(
    private readonly chunkRows: number,
    private readonly onChunk: (chunk: FileChunk) => void,
  ) {}

  /** Column names as the file gives them, each checked to be storable and not too long (row 0), then made distinct. */
  start(names: string[]): void {
    for (const name of names) {
      checkColumnName(name, 0);
      const problem = unstorableText(name);
      if (problem) throw new FileParseError(`the column name “${printable(name)}” cannot be stored. ${problem}`, 0);
    }
    if (names.length === 0) throw new FileParseError("The records have no fields.");
    this.profiles = distinctNames(names).map((name) => new ColumnProfiler(name));
    this.cells = names.map(() => []);
  }

  get count(): number {
    return this.rows;
  }

  /** One record's cells in column order (null when empty). */
  add(record: (string | null)[]): void {
    for (let position = 0; position < record.length; position++) {
      this.cells[position]!.push(this.profiles[position]!.observe(record[position]!));
    }
    this.rows += 1;
    if (this.rows - this.firstRow + 1 >= this.chunkRows) this.flush();
  }

  private flush(): void {
    if (this.rows < this.firstRow) return;
    this.onChunk({
      firstRow: this.firstRow,
      cells: this.cells,
      numeric: this.profiles.map((profiler) => profiler.numeric),
      formatted: this.profiles.map((profiler) => profiler.numeric && profiler.formatted),
    });
    this.cells = this.profiles.map(() => []);
    this.firstRow = this.rows + 1;
  }

  finish(): { columns: ColumnProfile[]; rowCount: number } {
    this.flush();
    return { columns: this.profiles.map((profiler) => profiler.profile()), rowCount: this.rows };
  }
}

const INTEGER = /^[+-]?\d{1,15}$/;
// Every number must also be one Postgres's numeric reads (the stored numeric copy is cast from the text),
// and numeric holds at most 16,383 digits after the point: 1,000 fraction digits and a three-digit exponent
// stay far inside that, where "1e-1000000" would pass Number() yet fail the cast. The dot is not optional
// before the fraction digits, so a long run of digits is matched without backtracking quadratically.
const NUMBER = /^[+-]?(?:\d+(?:\.\d{0,1000})?|\.\d{1,1000})(?:e[+-]?\d{1,3})?$/i;
// A number as spreadsheets format one: a currency sign before it or a percent sign after it, and commas
// between groups of three digits ("$1,200.00", "-€15", "12.5%", "1,200"). The sign comes first ("-$5").
// Decimal commas ("1.200,50") are not read: "1,200" would mean two things.
const FORMATTED_NUMBER = /^([+-]?)([$€£¥]?)(\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(\.\d{1,15})?(%?)$/;
/** What a formatted number's characters are, left out to read its value (Postgres's side: FORMATTING_CHARACTERS in lib/files/queries.ts). */
const NUMBER_FORMATTING = /[$€£¥,%]/g;
const NON_ASCII = /[\u0080-\uffff]/;
const BOOLEAN = /^(true|false)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// A day as spreadsheets write it in a locale's short form: two parts of one or two digits and a
// four-digit year, one separator throughout ("1/31/2024", "31.01.2024"). Times after it are not read.
const WRITTEN_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;

/** The ISO day of a year, month and day, or null when the calendar has no such day (2024-02-30). */
function isoDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last of this one (UTC, so no zone moves it).
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A date written with slashes or dots read in the given order, as an ISO day; null when it is not one. */
export function writtenDateAsIso(text: string, order: DateOrder): string | null {
  const match = WRITTEN_DATE.exec(text.trim());
  if (!match) return null;
  const [first, second, year] = [Number(match[1]), Number(match[3]), Number(match[4])];
  return order === "mdy" ? isoDay(year, first, second) : isoDay(year, second, first);
}

/** The digits of a number from its first to its last non-zero one, without sign, point or exponent. */
function significantDigits(text: string): string {
  return text.replace(/e.*$/i, "").replace(/\D/g, "").replace(/^0+/, "").replace(/0+$/, "");
}

/**
 * Whether JavaScript reads the number back with every digit it was written with. A double keeps 15
 * significant digits; a longer one that it does not keep (a 19-digit order id) would be shown, and compared,
 * as another number, so its column is text.
 */
function keepsItsDigits(text: string): boolean {
  if (text.length <= 15) return true;
  const digits = significantDigits(text);
  return digits.length <= 15 || digits === significantDigits(String(Number(text)));
}

/** A number cell's value as plain digits: the spaces around it and its signs and separators left out. */
function plainNumber(text: string): string {
  return text.trim().replace(NUMBER_FORMATTING, "");
}

/** The number a value written as one reads as, plain or formatted ("$1,200.00"); null for anything else. */
export function numberIn(text: string): number | null {
  const trimmed = text.trim();
  const { type } = typeOf(trimmed);
  return type === "integer" || type === "number" ? Number(plainNumber(trimmed)) : null;
}

/**
 * A number written as spreadsheets format one, with the sign it was written with (none for plain
 * thousands separators); null when the text is not one. A currency and a percent sign together are not.
 */
function formattedNumber(text: string): { type: "integer" | "number"; unit: NumberUnit | null } | null {
  const match = FORMATTED_NUMBER.exec(text);
  if (!match) return null;
  const [, , currency, , fraction, percent] = match;
  if (currency && percent) return null;
  const plain = plainNumber(text);
  if (!keepsItsDigits(plain)) return null;
  return { type: fraction || !INTEGER.test(plain) ? "number" : "integer", unit: ((currency || percent) as NumberUnit) || null };
}

/** The narrowest type one non-empty cell fits: integer ⊂ number, with the unit of a formatted number. */
function typeOf(text: string): { type: ColumnType; unit?: NumberUnit | null; written?: true } {
  if (INTEGER.test(text)) return { type: "integer" };
  if (NUMBER.test(text) && Number.isFinite(Number(text)) && keepsItsDigits(text)) return { type: "number" };
  const formatted = formattedNumber(text);
  if (formatted) return formatted;
  if (BOOLEAN.test(text)) return { type: "boolean" };
  if (ISO_DATE.test(text) && !Number.isNaN(Date.parse(text.slice(0, 10)))) return { type: "date" };
  if (WRITTEN_DATE.test(text)) return { type: "date", written: true };
  return { type: "text" };
}

function widen(current: ColumnType | null, next: ColumnType): ColumnType {
  if (current === null || current === next) return next;
  if ((current === "integer" || current === "number") && (next === "integer" || next === "number")) return "number";
  return "text";
}

/** A column's type (the narrowest every cell fits), empty cells, and the range of its numbers and of its dates. */
class ColumnProfiler {
  private type: ColumnType | null = null;
  // The sign the column's numbers were written with: one column holds one currency (or percentages).
  private unit: NumberUnit | undefined;
  /** A number of the column was written with a sign or thousands separators. */
  formatted = false;
  private nulls = 0;
  private low: number | undefined;
  private high: number | undefined;
  private earliest: string | undefined;
  private latest: string | undefined;
  // Dates written as the ISO standard or with slashes or dots: one column is written one way.
  private isoDates = false;
  private writtenDates = false;
  // For written dates, what each order still allows, and the range each gives.
  private readonly monthFirst = new DayRange();
  private readonly dayFirst = new DayRange();

  constructor(readonly name: string) {}

  get numeric(): boolean {
    return this.type === "integer" || this.type === "number";
  }

  /** Profiles one cell and returns it as it is to be stored. */
  observe(cell: string | null): string | null {
    if (cell === null) {
      this.nulls += 1;
      return null;
    }
    // Text is the widest type: nothing a later cell holds can change it, or the range it does not have.
    if (this.type === "text") return cell;
    const trimmed = cell.trim();
    const { type, unit, written } = typeOf(trimmed);
    this.type = widen(this.type, type);
    if (unit !== undefined) {
      this.formatted = true;
      // "$5" beside "€5" or "5%": amounts that cannot be added up or ranked together.
      if (unit !== null && this.unit !== undefined && unit !== this.unit) this.type = "text";
      if (unit !== null) this.unit = unit;
      if (this.type === "text") return cell;
    }
    if (type === "integer" || type === "number") {
      const value = Number(unit === undefined ? trimmed : plainNumber(trimmed));
      if (this.low === undefined || value < this.low) this.low = value;
      if (this.high === undefined || value > this.high) this.high = value;
      // trim() drops Unicode spaces too, Postgres's numeric only ASCII ones. A spreadsheet's "12" padded
      // with a no-break space is meant as 12, so it stays a number, stored trimmed so the numeric copy
      // reads it; padding of ASCII spaces alone is kept, as the file wrote it.
      if (trimmed.length !== cell.length && NON_ASCII.test(cell)) return trimmed;
    } else if (type === "date" && written) {
      this.writtenDates = true;
      this.monthFirst.observe(writtenDateAsIso(trimmed, "mdy"));
      this.dayFirst.observe(writtenDateAsIso(trimmed, "dmy"));
      // Neither order makes a day of it (13/13/2024, 02/30/2024): not a date.
      if (!this.monthFirst.possible && !this.dayFirst.possible) this.type = "text";
    } else if (type === "date") {
      this.isoDates = true;
      if (this.earliest === undefined || trimmed < this.earliest) this.earliest = trimmed;
      if (this.latest === undefined || trimmed > this.latest) this.latest = trimmed;
    }
    if (this.isoDates && this.writtenDates) this.type = "text";
    return cell;
  }

  /** The order of the column's written dates; null when its dates are not written so, or when none says which. */
  private dateOrder(): DateOrder | null {
    if (!this.writtenDates || this.monthFirst.possible === this.dayFirst.possible) return null;
    return this.monthFirst.possible ? "mdy" : "dmy";
  }

  profile(): ColumnProfile {
    const order = this.dateOrder();
    // Written dates whose order no cell tells (01/05/2024 is in January or in May) are read as written.
    const type = this.type === "date" && this.writtenDates && !order ? "text" : (this.type ?? "text");
    const profile: ColumnProfile = { name: this.name, type, nulls: this.nulls };
    const dates = order === "mdy" ? this.monthFirst : order === "dmy" ? this.dayFirst : { earliest: this.earliest, latest: this.latest };
    const [min, max] = type === "integer" || type === "number" ? [this.low, this.high] : type === "date" ? [dates.earliest, dates.latest] : [];
    if (min !== undefined) profile.min = min;
    if (max !== undefined) profile.max = max;
    if (this.unit !== undefined && (type === "integer" || type === "number")) profile.unit = this.unit;
    if (type === "date" && order) profile.dateOrder = order;
    return profile;
  }
}

/** The days one reading of a column's written dates gives, while every one of them is a day in it. */
class DayRange {
  possible = true;
  earliest: string | undefined;
  latest: string | undefined;

  observe(day: string | null): void {
    if (!this.possible) return;
    if (day === null) {
      this.possible = false;
      return;
    }
    if (this.earliest === undefined || day < this.earliest) this.earliest = day;
    if (this.latest === undefined || day > this.latest) this.latest = day;
  }
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

/** A cell as stored: the file's own text, null when empty or blank; refused when over 32 KB or unstorable. */
function storedCell(value: string, column: string, row: number, checkStorable: boolean): string | null {
  if (value.trim() === "") return null;
  // A UTF-16 unit is at most 3 bytes of UTF-8, so only long cells need measuring.
  if (value.length * 3 > FILE_LIMITS.maxCellBytes && Buffer.byteLength(value, "utf8") > FILE_LIMITS.maxCellBytes) {
    throw new FileParseError(`the value of “${column}” is longer than 32 KB.`, row);
  }
  if (checkStorable) {
    const problem = unstorableText(value);
    if (problem) throw new FileParseError(`the value of “${printable(column)}” cannot be stored. ${problem}`, row);
  }
  return value;
}

// ---- delimited text ---------------------------------------------------------------------------

/**
 * CSV or TSV through papaparse, a slice of text at a time, the parser pausing for one turn of the event
 * loop after each. Each cell is checked for being storable only when the text as a
 * whole is not (one scan instead of one per cell).
 */
function readDelimited(text: string, kind: "csv" | "tsv", records: RecordCollector): Promise<void> {
  const checkStorable = unstorableText(text) !== null;
  let header: string[] | null = null;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown, parser: Papa.Parser) => {
      failed = true;
      parser.abort();
      reject(error);
    };
    // papaparse reads a string slice by slice (`chunkSize`, `chunk`, pause and resume) as it does a file;
    // its types only describe that for files.
    const config: Papa.ParseConfig<string[]> & { chunkSize: number; chunk: (result: Papa.ParseResult<string[]>, parser: Papa.Parser) => void } = {
      delimiter: kind === "tsv" ? "\t" : "",
      delimitersToGuess: [",", ";", "\t", "|"],
      // Lines of blanks only are skipped below, without joining every row to find out.
      skipEmptyLines: true,
      chunkSize: PARSE_SLICE_CHARS,
      chunk: (result, parser) => {
        if (failed) return;
        try {
          const quoteErrors = new Map<number | undefined, string>();
          for (const error of result.errors) {
            // A record with both keeps the first: a stray quote is what leaves a field unclosed.
            if (error.type === "Quotes" && !quoteErrors.has(error.row)) quoteErrors.set(error.row, error.code);
          }
          for (const [index, cells] of result.data.entries()) {
            const quoteError = quoteErrors.get(index);
            if (quoteError !== undefined) {
              const reason =
                quoteError === "InvalidQuotes" ? 'a quoted field holds a quote that is not doubled (write "" for a quote inside quotes).' : "a quoted field is never closed.";
              throw new FileParseError(reason, header ? records.count + 1 : 0);
            }
            if (!header) {
              if (cells.every((cell) => cell.trim() === "")) continue;
              if (cells.length > FILE_LIMITS.maxColumns) throw new FileParseError(`the file has ${cells.length} columns; at most ${FILE_LIMITS.maxColumns}.`, 0);
              header = headerNames(cells);
              records.start(header);
              continue;
            }
            const row = records.count + 1;
            if (cells.length !== header.length) {
              if (cells.every((cell) => cell.trim() === "")) continue;
              throw new FileParseError(`expected ${header.length} fields, found ${cells.length}.`, row);
            }
            const record = new Array<string | null>(cells.length);
            let blank = true;
            for (let position = 0; position < cells.length; position++) {
              record[position] = storedCell(cells[position]!, header[position]!, row, checkStorable);
              if (record[position] !== null) blank = false;
            }
            if (blank) continue;
            if (row > FILE_LIMITS.maxRows) throw new FileParseError(`the file has more than ${FILE_LIMITS.maxRows.toLocaleString("en-US")} rows.`, row);
            records.add(record);
          }
        } catch (error) {
          fail(error, parser);
          return;
        }
        parser.pause();
        setImmediate(() => parser.resume());
      },
      complete: () => {
        if (failed) return;
        if (!header) reject(new FileParseError("The file is empty."));
        else resolve();
      },
    };
    Papa.parse<string[]>(text, config);
  });
}

/** A header's names, trimmed (a blank one is named by its position in `distinctNames`). */
function headerNames(cells: string[]): string[] {
  return cells.map((cell) => cell.trim());
}

function checkColumnName(name: string, row: number): void {
  if (name.length > FILE_LIMITS.maxColumnNameChars) {
    throw new FileParseError(`the column name “${printable(name.slice(0, 40))}…” is longer than ${FILE_LIMITS.maxColumnNameChars} characters.`, row);
  }
}

/**
 * Each name once, and none blank: a blank one (a CSV header's empty cell, a JSON key `""`) is named by its
 * position (`column_2`); a repeated one, or one named like the row number's key, gets the first free `_2`,
 * `_3`… (cut to fit the length limit), so every column can be asked for by its name.
 */
function distinctNames(names: string[]): string[] {
  const taken = new Set([ROW_NUMBER_KEY]);
  return names.map((given, index) => {
    const name = given.trim() === "" ? `column_${index + 1}` : given;
    let distinct = name;
    for (let count = 2; taken.has(distinct); count++) {
      const suffix = `_${count}`;
      distinct = `${name.slice(0, FILE_LIMITS.maxColumnNameChars - suffix.length)}${suffix}`;
    }
    taken.add(distinct);
    return distinct;
  });
}

// ---- JSON -------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/**
 * The file's JSON, each number as JSON.parse reads it, except one whose digits a double would change (a
 * 19-digit id): that one keeps its digits as written (a LosslessNumber), so it is stored and found as in
 * the file, and its column is text, as a CSV's is. A key given twice in one object with two values is
 * refused (JSON.parse would keep the last without a word).
 */
function parseJsonDocument(text: string): unknown {
  try {
    return parseLosslessJson(text, null, (written) => (keepsItsDigits(written) ? Number(written) : new LosslessNumber(written)));
  } catch (error) {
    // Nesting deep enough to exhaust the stack of that parser: read as JSON.parse reads it, for the depth
    // check of its records to refuse, naming the record.
    if (error instanceof RangeError) return parseNativeJson(text);
    const duplicate = error instanceof Error ? /^Duplicate key '(.*)' encountered/s.exec(error.message) : null;
    if (duplicate) throw new FileParseError(`An object in the file has the key “${printable(duplicate[1]!)}” twice, with different values.`);
    throw new FileParseError("The file is not valid JSON.");
  }
}

function parseNativeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FileParseError("The file is not valid JSON.");
  }
}

/** An array of objects, or an object holding one (e.g. `{"products": [...]}`); columns in order of first appearance. */
function readJson(text: string, records: RecordCollector): void {
  const document = parseJsonDocument(text);
  const list = Array.isArray(document)
    ? document
    : isPlainObject(document)
      ? Object.values(document).find((value) => Array.isArray(value) && value.length > 0 && value.every(isPlainObject))
      : undefined;
  if (!Array.isArray(list)) throw new FileParseError("The JSON must be an array of objects, or an object holding one.");
  if (list.length > FILE_LIMITS.maxRows) throw new FileParseError(`the file has more than ${FILE_LIMITS.maxRows.toLocaleString("en-US")} rows.`, FILE_LIMITS.maxRows + 1);
  const columns: string[] = [];
  const known = new Set<string>();
  const items = list.map((item, index) => {
    if (!isPlainObject(item)) throw new FileParseError("the item is not an object.", index + 1);
    // JSON.parse reads any depth, but JSON.stringify in `flatten` overflows the stack on a deep one.
    if (nestsDeeperThan(item, MAX_JSON_DEPTH)) throw new FileParseError(`the item nests deeper than ${MAX_JSON_DEPTH} levels.`, index + 1);
    const flat = flattenItem(item, index + 1);
    for (const column of Object.keys(flat)) {
      if (known.has(column)) continue;
      checkColumnName(column, index + 1);
      known.add(column);
      columns.push(column);
      if (columns.length > FILE_LIMITS.maxColumns) throw new FileParseError(`the file has more than ${FILE_LIMITS.maxColumns} columns.`, index + 1);
    }
    return flat;
  });
  records.start(columns);
  for (const [index, item] of items.entries()) {
    // Strings in JSON may hold escaped NULs and lone surrogates the raw text does not show: always checked.
    records.add(columns.map((column) => jsonCell(item[column], column, index + 1)));
  }
}

function jsonCell(value: unknown, column: string, row: number): string | null {
  if (value === null || value === undefined) return null;
  return storedCell(typeof value === "string" ? value : isLosslessNumber(value) ? value.value : String(value), column, row, true);
}

/**
 * Whether a value holds arrays or objects more than `limit` levels deep, itself being level 1. Without
 * recursion, as `assertAcceptableJson` (lib/http.ts) checks a request body, whose limit it shares; that
 * check is not reused because it also refuses strings that a file stores as escaped JSON text, and
 * names neither the file nor the row.
 */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const pending: { value: object; depth: number }[] = isContainer(root) ? [{ value: root, depth: 1 }] : [];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (depth > limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (isContainer(child)) pending.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && !isLosslessNumber(value);
}

/** Two keys of one record that flatten to the same column name ("a.b", and "b" inside "a"). */
class ColumnClash extends Error {
  constructor(readonly column: string) {
    super(column);
  }
}

/**
 * `flatten`, refusing with the row what JSON.stringify still cannot write (a RangeError: past the depth
 * check, only by size) and a record whose keys would write one column twice, one value over the other.
 */
function flattenItem(item: Record<string, unknown>, row: number): Record<string, unknown> {
  try {
    return flatten(item);
  } catch (error) {
    if (error instanceof RangeError) throw new FileParseError("the item is too large to store as columns.", row);
    if (error instanceof ColumnClash) {
      throw new FileParseError(
        `two keys would both be the column “${printable(error.column)}”: one with a dot in its name, and one inside an object. Rename one of them.`,
        row,
      );
    }
    throw error;
  }
}

/**
 * Nested objects become `a.b` columns two levels deep; anything deeper, and arrays, stay as JSON text.
 * No prototype: a key such as `__proto__` is a column like any other, and a record without a
 * `toString` column does not find Object's method in its place.
 */
function flatten(item: Record<string, unknown>, prefix = "", depth = 1): Record<string, unknown> {
  const flat: Record<string, unknown> = Object.create(null);
  const put = (name: string, value: unknown) => {
    if (name in flat) throw new ColumnClash(name);
    flat[name] = value;
  };
  for (const [key, value] of Object.entries(item)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && depth < 2) for (const [nested, inner] of Object.entries(flatten(value, name, depth + 1))) put(nested, inner);
    else if (isPlainObject(value) || Array.isArray(value)) put(name, stringifyLosslessJson(value)!);
    else put(name, value);
  }
  return flat;
}

/** "Supplier price list, 1,204 rows, 6 columns: sku, name, price…" */
export function summarizeFile(name: string, file: Pick<FileReading, "columns" | "rowCount">): string {
  const title = name.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").trim() || "File";
  const shown = file.columns.slice(0, 8).map((column) => column.name);
  const more = file.columns.length > shown.length ? "…" : "";
  const rows = file.rowCount;
  const columns = file.columns.length;
  return `${title}, ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}, ${columns} column${columns === 1 ? "" : "s"}: ${shown.join(", ")}${more}`;
}
