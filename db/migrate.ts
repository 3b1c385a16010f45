import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseFromPostgres, type AppDatabase } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Applies pending migrations (schema only: data that follows from the code is synced by lib/startup.ts). */
export async function migrateDatabase(database: AppDatabase, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    // Serialise concurrent starts of several instances on one Postgres. An advisory lock belongs to
    // the connection that took it, so the lock, the migration and the unlock share one connection
    // instead of whichever ones the pool hands out. Every option of the pool's (as db/listen.ts does):
    // the URL's `search_path` or `options`, `target_session_attrs`, each host's own port, so the schema
    // goes where the app reads it and to the server it writes to.
    const single = databaseFromPostgres(
      postgres({ ...database.postgresClient!.options, max: 1, onnotice: () => {} } as unknown as postgres.Options<Record<string, never>>),
    );
    try {
      await single.db.execute(sql`select pg_advisory_lock(7243917)`);
      try {
        await migratePostgres(single.db as unknown as PostgresJsDatabase, { migrationsFolder });
      } finally {
        await single.db.execute(sql`select pg_advisory_unlock(7243917)`);
      }
    } finally {
      await single.close();
    }
  }
}
