import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Tables, columns, indexes and constraints of the public schema, in a stable order, for comparison. */
export async function describeCatalog(db: Database) {
  const columns = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select table_name, column_name, data_type, udt_name, is_nullable, column_default, generation_expression,
             numeric_precision, numeric_scale
      from information_schema.columns where table_schema = 'public'
      order by table_name, column_name`),
  );
  const indexes = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`),
  );
  const constraints = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select c.conrelid::regclass::text as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      -- Postgres 18 (PGlite) also lists NOT NULL as constraints; nullability is compared through the columns.
      where n.nspname = 'public' and c.contype <> 'n' order by 1, 2`),
  );
  const enums = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select t.typname, e.enumlabel from pg_type t join pg_enum e on e.enumtypid = t.oid
      order by t.typname, e.enumsortorder`),
  );
  return { columns, indexes, constraints, enums };
}
