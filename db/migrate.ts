import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { ROLE_DESCRIPTIONS, permissionsOf } from "../lib/auth/permissions";
import type { AppDatabase } from "./client";
import { ROLES, roles } from "./schema";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Applies pending migrations, then brings the roles table in line with the permission matrix. */
export async function migrateDatabase(database: AppDatabase, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    // Serialise concurrent starts of several instances on one Postgres.
    await database.db.execute(sql`select pg_advisory_lock(7243917)`);
    try {
      await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder });
    } finally {
      await database.db.execute(sql`select pg_advisory_unlock(7243917)`);
    }
  }
  await syncRoles(database);
}

async function syncRoles(database: AppDatabase): Promise<void> {
  for (const name of ROLES) {
    const row = { name, description: ROLE_DESCRIPTIONS[name], permissions: permissionsOf(name) };
    await database.db
      .insert(roles)
      .values(row)
      .onConflictDoUpdate({ target: roles.name, set: { description: row.description, permissions: row.permissions } });
  }
}
