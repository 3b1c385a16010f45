// What `next start` loads before anything else (AsyncLocalStorage on globalThis): without it, whichever
// test file first imports Next's request storage in a worker would find it missing.
import "next/dist/server/node-environment-baseline.js";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { createPglite, databaseFromPglite, databaseFromPostgres, installAppDatabase, type AppDatabase } from "@/db/client";
import { resetEnv } from "@/lib/env";
import { databaseUrlFor } from "./database-url";

// Test files share a worker process (isolate: false, for speed), so each starts from the same
// environment: whatever a file sets in process.env is put back when it ends.
// A developer's own model keys never reach a real service from a test: a file that wants a provider
// points it at a fake server.
delete process.env.OPENAI_API_KEY;
delete process.env.ANTHROPIC_API_KEY;
const startingEnvironment = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in startingEnvironment)) delete process.env[name];
  Object.assign(process.env, startingEnvironment);
  resetEnv();
});

// Each test file gets its own freshly migrated database, dropped afterwards.
let database: AppDatabase | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const template = inject("pgTemplate");
  const snapshot = inject("pgliteSnapshot");
  const serverUrl = process.env.DATABASE_URL;
  if (template && serverUrl) {
    const name = `app_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${template}`);
    database = databaseFromPostgres(postgres(databaseUrlFor(serverUrl, name), { max: 20, onnotice: () => {} }));
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else if (snapshot) {
    const pglite = createPglite({ loadDataDir: new Blob([readFileSync(snapshot)]) });
    await pglite.waitReady;
    database = databaseFromPglite(pglite);
  } else {
    throw new Error("The test database was not prepared by test/global-setup.ts");
  }
  installAppDatabase(database);
});

afterAll(async () => {
  installAppDatabase(undefined);
  await database?.close();
  await dropDatabase?.();
});
