import "server-only";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { chatFileRows, chatFiles, type ChatFile } from "@/db/schema";

/** Rows per INSERT: far under Postgres's 65,535 bound parameters (4 per row). */
const INSERT_BATCH = 2_000;

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
    const batch = input.rows.slice(start, start + INSERT_BATCH).map((data, index) => ({
      fileId: input.fileId,
      businessId: input.businessId,
      rowNumber: start + index + 1,
      data,
    }));
    await db.insert(chatFileRows).values(batch);
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
 * `groupKey` its sort key. Values come back as the driver gives them (numeric as text).
 */
export async function aggregateFileRowsSql(
  db: Database,
  input: FileRowsScope & { fn: FileAggregateFn; value: SQL | null; group: SQL | null; groupKey: SQL | null; limit: number },
): Promise<{ group: string | null; value: unknown; rows: number }[]> {
  const records = db
    .select({
      g: (input.group ?? sql`null::text`).as("g"),
      gk: (input.groupKey ?? sql`null::text`).as("gk"),
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
  return base
    .groupBy(records.g, records.gk)
    .orderBy(sql`${value} desc nulls last`, sql`${records.gk} asc nulls last`)
    .limit(input.limit);
}
