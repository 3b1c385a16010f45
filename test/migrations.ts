import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createPglite, databaseFromPglite, databaseFromPostgres, type AppDatabase } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { databaseUrlFor } from "./database-url";

/** The migrations up to and including `lastTag`, as a folder of their own; `remove` deletes it. */
export function migrationsUpTo(lastTag: string): { folder: string; remove: () => void } {
  const folder = mkdtempSync(path.join(tmpdir(), "migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string; idx: number }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last < 1) throw new Error(`No migration tagged ${lastTag} after the first`);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * An empty database of the engine under test, not the harness's migrated one, to migrate step by step:
 * a database of its own on the Postgres server of DATABASE_URL (dropped by `drop`), else an in-memory PGlite.
 */
export async function emptyDatabase(): Promise<{ database: AppDatabase; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = databaseFromPglite(createPglite());
    return { database, drop: () => database.close() };
  }
  const name = `app_migration_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = databaseFromPostgres(postgres(databaseUrlFor(serverUrl, name), { max: 4, onnotice: () => {} }));
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
