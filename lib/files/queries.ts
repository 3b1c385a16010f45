import "server-only";
import { and, asc, count, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { businesses, chatFileColumns, chatFiles, products, type ChatFile, type ChatFileColumn } from "@/db/schema";
import type { FileChunk } from "./parse";

/**
 * Records per stored chunk of a column. Part of the storage format: the rows already stored were cut at
 * this size (db/migrations/0011_chat_file_columns.sql), and reads find a record's chunk by it.
 */
export const FILE_CHUNK_ROWS = 5_000;

export async function insertFile(db: Database, input: Omit<typeof chatFiles.$inferInsert, "id" | "createdAt">): Promise<ChatFile> {
  const [row] = await db.insert(chatFiles).values(input).returning();
  return row!;
}

/** What is known of a file once it has been read whole: its size in records, its columns and its summary. */
export async function completeFile(
  db: Database,
  input: { fileId: string; businessId: string; rowCount: number; columns: ChatFileColumn[]; summary: string },
): Promise<ChatFile> {
  const [row] = await db
    .update(chatFiles)
    .set({ rowCount: input.rowCount, columns: input.columns, summary: input.summary })
    .where(and(eq(chatFiles.id, input.fileId), eq(chatFiles.businessId, input.businessId)))
    .returning();
  return row!;
}

const positionList = (positions: number[]): SQL => sql`array[${sql.join(positions.map((position) => sql`${position}`), sql`, `)}]::smallint[]`;

// What lib/files/parse.ts NUMBER_FORMATTING leaves out of a formatted number ("$1,200.00" is 1200.00).
const FORMATTING_CHARACTERS = "$€£¥,%";

/**
 * The numeric copy of a column's cells: cast as they are, or for a column whose numbers were written
 * formatted, cell by cell with their signs and separators left out (the slower way, only where needed).
 */
function numericCopy(texts: SQL, position: SQL, input: { numeric: number[]; formatted: number[] }): SQL {
  return sql`case
    when ${position} = any(${positionList(input.formatted)}) then
      array(select translate(cell.value, ${FORMATTING_CHARACTERS}, '')::numeric from unnest(${texts}) with ordinality as cell(value, ordinality) order by cell.ordinality)
    when ${position} = any(${positionList(input.numeric)}) then ${texts}::numeric[]
  end`;
}

/**
 * One chunk of records, every column of it in one statement: the cells travel as one JSON array of
 * columns that Postgres unpacks, so there is no per-value placeholder to build. The columns numeric so far
 * get their numeric copy at once, while the next chunk is parsed, rather than all at the end.
 */
export async function insertFileChunk(db: Database, input: { fileId: string; businessId: string; chunk: FileChunk }): Promise<void> {
  const columns = JSON.stringify(input.chunk.cells);
  const positionsWhere = (flags: boolean[]) => flags.flatMap((flag, position) => (flag ? [position] : []));
  const numbers = numericCopy(sql`cells.texts`, sql`cells.position`, {
    numeric: positionsWhere(input.chunk.numeric),
    formatted: positionsWhere(input.chunk.formatted),
  });
  await db.execute(sql`
    insert into ${chatFileColumns} (file_id, business_id, position, first_row, texts, numbers)
    select ${input.fileId}::uuid, ${input.businessId}::uuid, cells.position, ${input.chunk.firstRow}::integer, cells.texts, ${numbers}
    from jsonb_array_elements(${columns}::jsonb) with ordinality as col(value, ordinality)
    cross join lateral (
      select (col.ordinality - 1)::smallint as position,
        array(select cell.value from jsonb_array_elements_text(col.value) with ordinality as cell(value, ordinality) order by cell.ordinality) as texts
    ) cells`);
}

/**
 * Once the whole file has decided its column types: the numeric copy for the chunks stored before a
 * column was known to be numeric (its first cells were empty), and none for a column a later record made
 * text. Usually there is nothing to change. Every non-empty cell of a numeric column is a number by the
 * parser's rule, which Postgres's numeric reads too once a formatted one's signs are left out
 * (`formatted`: the numeric columns that may hold such a cell).
 */
export async function settleFileNumbers(
  db: Database,
  input: { fileId: string; businessId: string; numeric: number[]; formatted: number[] },
): Promise<void> {
  await db
    .update(chatFileColumns)
    .set({ numbers: numericCopy(sql`${chatFileColumns.texts}`, sql`${chatFileColumns.position}`, input) })
    .where(
      and(
        eq(chatFileColumns.fileId, input.fileId),
        eq(chatFileColumns.businessId, input.businessId),
        sql`(${chatFileColumns.position} = any(${positionList(input.numeric)})) = (${chatFileColumns.numbers} is null)`,
      ),
    );
}

export async function countSessionFiles(db: Database, input: { sessionId: string; businessId: string }): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(chatFiles)
    .where(and(eq(chatFiles.sessionId, input.sessionId), eq(chatFiles.businessId, input.businessId)));
  return Number(row?.value ?? 0);
}

export async function listSessionFiles(db: Database, input: { sessionId: string; businessId: string }): Promise<ChatFile[]> {
  return db
    .select()
    .from(chatFiles)
    .where(and(eq(chatFiles.sessionId, input.sessionId), eq(chatFiles.businessId, input.businessId)))
    .orderBy(asc(chatFiles.createdAt), asc(chatFiles.id));
}

export async function getFileInBusiness(db: Database, input: { fileId: string; businessId: string }): Promise<ChatFile | null> {
  const [row] = await db
    .select()
    .from(chatFiles)
    .where(and(eq(chatFiles.id, input.fileId), eq(chatFiles.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

export async function deleteFileRow(db: Database, input: { fileId: string; businessId: string }): Promise<boolean> {
  const rows = await db
    .delete(chatFiles)
    .where(and(eq(chatFiles.id, input.fileId), eq(chatFiles.businessId, input.businessId)))
    .returning({ id: chatFiles.id });
  return rows.length > 0;
}

// ---- reading records ----------------------------------------------------------------------------

/** A column a statement reads, by its index in the file's columns; `numbers` also reads its numeric copy. */
export type FileSlot = { position: number; numbers: boolean };

/** Slot i's cell as stored (text), in a statement over `fileRecords`. */
export const recordText = (slot: number): SQL => sql.raw(`r.t${slot}`);
/** Slot i's cell as numeric (numeric columns only). */
export const recordNumber = (slot: number): SQL => sql.raw(`r.n${slot}`);
export const recordRowNumber: SQL = sql.raw("r.row_number");

/**
 * A file's records as the derived table `r (row_number, t0, n0, t1, …)`: the chunks of the first slot's
 * column joined to the same chunks of the others, each array unnested in step with the rest. Only the
 * slots' columns are read. Positions and ids are bound; the aliases are the slot numbers.
 */
export function fileRecords(input: { fileId: string; businessId: string; slots: FileSlot[] }): SQL {
  // With no column to read, the first one still numbers the records.
  const slots = input.slots.length > 0 ? input.slots : [{ position: 0, numbers: false }];
  const outputs: SQL[] = [sql`k0.first_row - 1 + generate_subscripts(k0.texts, 1) as row_number`];
  const joins: SQL[] = [];
  for (const [index, slot] of slots.entries()) {
    const chunk = sql.raw(`k${index}`);
    outputs.push(sql`unnest(${chunk}.texts) as ${sql.raw(`t${index}`)}`);
    if (slot.numbers) outputs.push(sql`unnest(${chunk}.numbers) as ${sql.raw(`n${index}`)}`);
    if (index > 0) {
      joins.push(
        sql`join ${chatFileColumns} ${chunk} on ${chunk}.file_id = k0.file_id and ${chunk}.first_row = k0.first_row and ${chunk}.position = ${slot.position}`,
      );
    }
  }
  return sql`(select ${sql.join(outputs, sql`, `)} from ${chatFileColumns} k0 ${sql.join(joins, sql` `)}
    where k0.file_id = ${input.fileId} and k0.business_id = ${input.businessId} and k0.position = ${slots[0]!.position}) as r`;
}

/**
 * The numbers of the records on one page of a filtered or sorted query, in order, with how many records
 * match in all (null when the page is past the end, so nothing carried the count).
 */
export async function selectFileRowNumbers(
  db: Database,
  input: { records: SQL; where: SQL; orderBy: SQL[]; limit: number; offset: number },
): Promise<{ rowNumbers: number[]; total: number | null }> {
  const rows = await selectRows<{ row_number: number; total: unknown }>(
    db,
    sql`select ${recordRowNumber} as row_number, count(*) over () as total from ${input.records}
      where ${input.where} order by ${sql.join(input.orderBy, sql`, `)} limit ${input.limit} offset ${input.offset}`,
  );
  return { rowNumbers: rows.map((row) => Number(row.row_number)), total: rows.length > 0 ? Number(rows[0]!.total) : null };
}

/** The file's number of records, as stored with it; 0 when the file is not the business's. */
export async function fileRowCount(db: Database, input: { fileId: string; businessId: string }): Promise<number> {
  const [row] = await db
    .select({ rowCount: chatFiles.rowCount })
    .from(chatFiles)
    .where(and(eq(chatFiles.id, input.fileId), eq(chatFiles.businessId, input.businessId)));
  return row?.rowCount ?? 0;
}

export async function countFileRecords(db: Database, input: { records: SQL; where: SQL }): Promise<number> {
  const [row] = await selectRows<{ total: unknown }>(db, sql`select count(*) as total from ${input.records} where ${input.where}`);
  return Number(row?.total ?? 0);
}

/**
 * The stored cells of the given records, in the order of `positions`: each cell picked out of its chunk by
 * subscript, so a page costs a few lookups however far apart its records lie in the file.
 */
export async function selectFileCells(
  db: Database,
  input: { fileId: string; businessId: string; positions: number[]; rowNumbers: number[] },
): Promise<Map<number, (string | null)[]>> {
  const cells = new Map<number, (string | null)[]>(input.rowNumbers.map((rowNumber) => [rowNumber, input.positions.map(() => null)]));
  if (input.rowNumbers.length === 0 || input.positions.length === 0) return cells;
  const list = (values: number[]) => sql.join(values.map((value) => sql`${value}`), sql`, `);
  const rows = await selectRows<{ row_number: number; position: number; cell: string | null }>(
    db,
    sql`select wanted.row_number, k.position, k.texts[wanted.row_number - k.first_row + 1] as cell
      from (select unnest(array[${list(input.rowNumbers)}]::integer[]) as row_number) wanted
      join ${chatFileColumns} k on k.first_row = (wanted.row_number - 1) / ${FILE_CHUNK_ROWS}::integer * ${FILE_CHUNK_ROWS}::integer + 1
      where k.file_id = ${input.fileId} and k.business_id = ${input.businessId} and k.position in (${list(input.positions)})`,
  );
  const slotOf = new Map(input.positions.map((position, slot) => [position, slot]));
  for (const row of rows) cells.get(Number(row.row_number))![slotOf.get(Number(row.position))!] = row.cell;
  return cells;
}

/**
 * The records of a file whose SKU or name is an approved product of the same business (SKU first, then
 * name; both compared trimmed and case-insensitively), in file order, with the total number of such
 * records. `sku` and `name` are per-record text expressions over `records`, built by lib/files/query.ts.
 * Two equality joins rather than one join on "sku or name", so each can be a hash join over the whole file.
 */
export async function matchFileRowsToCatalogSql(
  db: Database,
  input: { records: SQL; businessId: string; sku: SQL | null; name: SQL | null; limit: number },
): Promise<{ rowNumber: number; productId: string; matchedBy: "sku" | "name"; total: number }[]> {
  const keys = sql`select ${recordRowNumber} as row_number,
      lower(btrim(${input.sku ?? sql`null::text`})) as sku, lower(btrim(${input.name ?? sql`null::text`})) as name
    from ${input.records}`;
  const approved = sql`${products.businessId} = ${input.businessId} and ${products.status} = 'approved'`;
  const rows = await selectRows<{ row_number: number; product_id: string; matched_by: "sku" | "name"; total: unknown }>(
    db,
    sql`with file_keys as (${keys}),
      matches as (
        select f.row_number, ${products.id} as product_id, 'sku' as matched_by, 1 as preference
          from file_keys f join ${products} on lower(${products.sku}) = f.sku and ${approved}
        union all
        select f.row_number, ${products.id}, 'name', 2
          from file_keys f join ${products} on lower(${products.name}) = f.name and ${approved}
      ),
      best as (select distinct on (row_number) row_number, product_id, matched_by from matches order by row_number, preference, product_id)
      select row_number, product_id, matched_by, count(*) over () as total from best order by row_number limit ${input.limit}`,
  );
  return rows.map((row) => ({ rowNumber: Number(row.row_number), productId: row.product_id, matchedBy: row.matched_by, total: Number(row.total) }));
}

export type FileAggregateFn = "count" | "sum" | "avg" | "min" | "max";

/**
 * One aggregate over a file's records, optionally per group. `value` is the per-record operand (null:
 * count every record), `group` the per-record group (text, or numeric for a numeric column, so 12.5 and
 * 12.50 are one group). Groups by value in `direction` (largest first for desc), groups without a value
 * last, then by group; with groups, each row also carries how many there are in all (`groups`), the
 * ones past the limit included. Values come back as the driver gives them (numeric as text).
 */
export async function aggregateFileRowsSql(
  db: Database,
  input: { records: SQL; where: SQL; fn: FileAggregateFn; value: SQL | null; group: SQL | null; direction: "asc" | "desc"; limit: number },
): Promise<{ group: string | null; value: unknown; rows: number; groups?: number }[]> {
  const operand = input.value ?? sql`null::text`;
  const value = {
    count: input.value ? sql`count(${operand})` : sql`count(*)`,
    sum: sql`sum(${operand})`,
    avg: sql`round(avg(${operand}), 6)`,
    min: sql`min(${operand})`,
    max: sql`max(${operand})`,
  }[input.fn];
  if (!input.group) {
    return selectRows(db, sql`select null::text as "group", ${value} as value, count(*)::integer as rows from ${input.records} where ${input.where}`);
  }
  // Grouped by the output column's position: the same bound expression written twice would carry two
  // different parameters, which Postgres does not recognise as the same GROUP BY expression.
  const rows = await selectRows<{ group: string | null; value: unknown; rows: number; groups: unknown }>(
    db,
    sql`select ${input.group} as "group", ${value} as value, count(*)::integer as rows, count(*) over () as groups
      from ${input.records} where ${input.where}
      group by 1 order by 2 ${input.direction === "asc" ? sql`asc` : sql`desc`} nulls last, 1 asc nulls last limit ${input.limit}`,
  );
  return rows.map((row) => ({ ...row, group: row.group === null ? null : String(row.group), groups: Number(row.groups) }));
}

/** Held by the transaction of one batch of the expired-file sweep; distinct from the migration lock in db/migrate.ts. */
const FILE_SWEEP_LOCK = 7243918;

/**
 * Whether this transaction now holds the sweep's lock; false while another instance runs a batch.
 * Released at commit or rollback, so a crashed instance never leaves it held.
 */
export async function tryLockFileSweep(db: Database): Promise<boolean> {
  const [row] = await selectRows<{ locked: boolean }>(db, sql`select pg_try_advisory_xact_lock(${FILE_SWEEP_LOCK}) as locked`);
  return row?.locked === true;
}

/**
 * Deletes one batch of files older than their business's retention (`file_retention_days`); their
 * cells go with them (chat_file_columns cascades). At most `maxFiles` files, and files only while the
 * records before them stay under `maxRows`, so one batch of large files cannot become one huge
 * transaction; the first file always goes. Returns how many files were deleted (0: none left).
 */
export async function deleteExpiredFiles(db: Database, input: { maxFiles: number; maxRows: number }): Promise<number> {
  const expired = db
    .select({ id: chatFiles.id, rowCount: chatFiles.rowCount })
    .from(chatFiles)
    .innerJoin(businesses, eq(businesses.id, chatFiles.businessId))
    .where(lt(chatFiles.createdAt, sql`now() - make_interval(days => ${businesses.fileRetentionDays})`))
    .limit(input.maxFiles)
    .as("expired");
  const batch = db
    .select({
      id: expired.id,
      rowsBefore: sql<number>`sum(${expired.rowCount}) over (order by ${expired.id}) - ${expired.rowCount}`.as("rows_before"),
    })
    .from(expired)
    .as("batch");
  const deleted = await db
    .delete(chatFiles)
    .where(inArray(chatFiles.id, db.select({ id: batch.id }).from(batch).where(lt(batch.rowsBefore, input.maxRows))))
    .returning({ id: chatFiles.id });
  return deleted.length;
}
