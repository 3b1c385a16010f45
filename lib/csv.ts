import "server-only";
import Papa from "papaparse";

/** What a CSV cell may be written from; null is an empty cell. */
export type CsvCell = string | number | null;

// A spreadsheet runs a cell starting with one of = + - @ tab CR as a formula (CSV injection, OWASP): such
// a cell is written with a leading apostrophe, which spreadsheets hide. The apostrophe is then an escape,
// so a cell that itself starts with one gets one more: reading removes exactly one from a cell that
// starts with an apostrophe and then either of these (unescapeCsvCell), and every text comes back as it
// was ("'=A1" is written "''=A1"). Papa's own pattern (`^[=+\-@\t\r].*$`) misses a cell with a line break
// after its first character, so the first character alone decides.
const ESCAPED_START = /^[=+\-@\t\r']/;
const ESCAPE = /^'(?=[=+\-@\t\r'])/;

// Excel reads a CSV as UTF-8 only with the byte order mark.
const BOM = "\uFEFF";

/** Rows as RFC 4180 lines (CRLF, each ending in one), quoted where needed, formula-like text defused (above). */
export function csvLines(rows: CsvCell[][]): string {
  if (rows.length === 0) return "";
  // Papa leaves numbers as they are (a negative amount is not a formula); only text is checked.
  return `${Papa.unparse(rows, { escapeFormulae: ESCAPED_START, newline: "\r\n" })}\r\n`;
}

/** A cell of a CSV this module wrote, as it was before the formula guard: the inverse of csvLines per cell. */
export function unescapeCsvCell(value: string): string {
  return value.replace(ESCAPE, "");
}

/** A whole small CSV file (a template): the byte order mark, then the rows. */
export function csvFile(rows: CsvCell[][]): string {
  return BOM + csvLines(rows);
}

/**
 * A CSV read and sent a chunk at a time by key (`after`: the last row of the previous chunk), so any
 * number of rows goes out in bounded memory and no row is skipped or repeated while others are added.
 * The first chunk is read before anything is sent, so a failure there is still an ordinary error answer.
 */
export async function csvStream<Row>(input: {
  header: string[];
  chunkSize: number;
  readChunk: (after: Row | null) => Promise<Row[]>;
  cells: (row: Row) => CsvCell[];
}): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let rows = await input.readChunk(null);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + csvLines([input.header]) + csvLines(rows.map(input.cells))));
        return;
      }
      // Every pull either sends a chunk or ends the file.
      if (rows.length < input.chunkSize) {
        controller.close();
        return;
      }
      rows = await input.readChunk(rows.at(-1)!);
      if (rows.length === 0) controller.close();
      else controller.enqueue(encoder.encode(csvLines(rows.map(input.cells))));
    },
  });
}

export type CsvDownload = { filename: string; body: ReadableStream<Uint8Array> };

/** `<name>-YYYY-MM-DD.csv`, the day in UTC. */
export function csvFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The download's answer: CSV in UTF-8, saved under its file name. */
export function csvResponse(download: CsvDownload): Response {
  return new Response(download.body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${download.filename}"` },
  });
}
