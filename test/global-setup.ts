import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createPglite, databaseFromPglite, databaseFromPostgres } from "@/db/client";
import { prepareSchema } from "@/lib/startup";
import { databaseUrlFor } from "./database-url";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string | null;
    pgliteSnapshot: string | null;
  }
}

/**
 * Migrates once per run: a template database on Postgres (each test file clones it),
 * or a PGlite data-dir snapshot (each test file loads it — far faster than migrating per file).
 */
export default async function globalSetup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = `app_test_tpl_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const database = databaseFromPostgres(postgres(databaseUrlFor(serverUrl, template), { max: 1, onnotice: () => {} }));
    await prepareSchema(database);
    await database.close();
    project.provide("pgTemplate", template);
    project.provide("pgliteSnapshot", null);
    return async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const pglite = createPglite();
  await prepareSchema(databaseFromPglite(pglite));
  const snapshot = await pglite.dumpDataDir("none");
  await pglite.close();
  const dir = mkdtempSync(path.join(tmpdir(), "app-test-"));
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgTemplate", null);
  project.provide("pgliteSnapshot", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
