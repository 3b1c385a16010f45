import "server-only";
import { and, asc, count, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { businesses, chatFileRows, chatFiles, products, type ChatFile } from "@/db/schema";

/**
 * Records per INSERT. Each batch travels as one JSON array parameter that Postgres unpacks
 * (`jsonb_array_elements … with ordinality`): no per-value placeholders to build, and one batch in
 * memory at a time instead of the query builder's copy of every value.
 */
const INSERT_BATCH = 10_000;

export async function insertFile(db: Database, input: Omit<typeof chatFiles.$inferInsert, "id" | "createdAt">): Promise<ChatFile> {
  const [row] = await db.insert(chatFiles).values(input).returning();
  return row!;
}

/** The file's records, numbered from 1 in file order, inserted in batches inside the caller's transaction. */
export async function insertFileRows(
  db: Database,
  input: { fileId: string; businessId: string; rows: Record<string, string | number | boolean | null>[] },
): Promise<void> {
  for (let start = 0; start < input.rows.length; start += INSERT_BATCH) {
    const batch = JSON.stringify(input.rows.slice(start, start + INSERT_BATCH));
    await db.execute(sql`
      insert into ${chatFileRows} (file_id, business_id, row_number, data)
      select ${input.fileId}::uuid, ${input.businessId}::uuid, ${start}::integer + record.ordinality::integer, record.value
      from jsonb_array_elements(${batch}::jsonb) with ordinality as record(value, ordinality)`);
  }
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

/**
 * The records of a file whose SKU or name is an approved product of the same business (SKU first, then
 * name; both compared trimmed and case-insensitively), in file order, with the total number of such
 * records. `sku` and `name` are the per-record text expressions built by lib/files/query.ts. Two
 * equality joins rather than one join on "sku or name", so each can be a hash join over the whole file.
 */
export async function matchFileRowsToCatalogSql(
  db: Database,
  input: { fileId: string; businessId: string; sku: SQL | null; name: SQL | null; limit: number },
): Promise<{ rowNumber: number; productId: string; matchedBy: "sku" | "name"; total: number }[]> {
  const keys = sql`select ${chatFileRows.rowNumber} as row_number,
      lower(btrim(${input.sku ?? sql`null::text`})) as sku, lower(btrim(${input.name ?? sql`null::text`})) as name
    from ${chatFileRows} where ${chatFileRows.fileId} = ${input.fileId} and ${chatFileRows.businessId} = ${input.businessId}`;
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

type FileRowsScope = { fileId: string; businessId: string; where: SQL };

function fileRowsWhere(input: FileRowsScope): SQL {
  return and(eq(chatFileRows.fileId, input.fileId), eq(chatFileRows.businessId, input.businessId), input.where)!;
}

/** One page of a file's records; `where` and `orderBy` come from lib/files/query.ts, which binds every name and value. */
export async function selectFileRows(
  db: Database,
  input: FileRowsScope & { orderBy: SQL[]; limit: number; offset: number },
): Promise<{ rowNumber: number; data: Record<string, string | number | boolean | null> }[]> {
  return db
    .select({ rowNumber: chatFileRows.rowNumber, data: chatFileRows.data })
    .from(chatFileRows)
    .where(fileRowsWhere(input))
    .orderBy(...input.orderBy)
    .limit(input.limit)
    .offset(input.offset);
}

export async function countFileRows(db: Database, input: FileRowsScope): Promise<number> {
  const [row] = await db.select({ value: count() }).from(chatFileRows).where(fileRowsWhere(input));
  return Number(row?.value ?? 0);
}

export type FileAggregateFn = "count" | "sum" | "avg" | "min" | "max";

/**
 * One aggregate over a file's records, optionally per group. The per-record expressions are computed in a
 * subquery and grouped by its output column: the same bound expression written twice would carry two
 * different parameters, which Postgres does not recognise as the same GROUP BY expression.
 * `value` is the per-record operand (null: count every record); `group` the group's text and
 * `groupKey` its sort key when that is not the text itself (a number's value). Values come back as the
 * driver gives them (numeric as text).
 */
export async function aggregateFileRowsSql(
  db: Database,
  input: FileRowsScope & { fn: FileAggregateFn; value: SQL | null; group: SQL | null; groupKey: SQL | null; limit: number },
): Promise<{ group: string | null; value: unknown; rows: number }[]> {
  const records = db
    .select({
      g: (input.group ?? sql`null::text`).as("g"),
      gk: (input.groupKey ?? sql`null::numeric`).as("gk"),
      v: (input.value ?? sql`null::text`).as("v"),
    })
    .from(chatFileRows)
    .where(fileRowsWhere(input))
    .as("records");
  const value = {
    count: input.value ? sql`count(${records.v})` : sql`count(*)`,
    sum: sql`sum(${records.v})`,
    avg: sql`round(avg(${records.v}), 6)`,
    min: sql`min(${records.v})`,
    max: sql`max(${records.v})`,
  }[input.fn];
  const base = db
    .select({ group: input.group ? sql<string | null>`${records.g}` : sql<null>`null::text`, value: sql<unknown>`${value}`, rows: sql<number>`count(*)`.mapWith(Number) })
    .from(records);
  if (!input.group) return base;
  if (!input.groupKey) {
    return base.groupBy(records.g).orderBy(sql`${value} desc nulls last`, sql`${records.g} asc nulls last`).limit(input.limit);
  }
  return base
    .groupBy(records.g, records.gk)
    .orderBy(sql`${value} desc nulls last`, sql`${records.gk} asc nulls last`)
    .limit(input.limit);
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
 * records go with them (chat_file_rows cascades). At most `maxFiles` files, and files only while the
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
