import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { databaseUrlFor } from "@/test/database-url";
import { databaseFromPostgres, selectRows } from "./client";
import { migrateDatabase } from "./migrate";

describe("migrating Postgres", () => {
  it("reaches the server the app's pool reaches when DATABASE_URL names several hosts, each with its own port (the first one down)", async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) return; // the embedded database has no hosts
    const name = `app_migration_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    // A failover pair: the first host refuses (port 1), the second is the server under test.
    const server = new URL(serverUrl);
    const url = databaseUrlFor(serverUrl, name).replace(`@${server.host}/`, `@127.0.0.1:1,${server.hostname}:${server.port || 5432}/`);
    const database = databaseFromPostgres(postgres(url, { max: 2, onnotice: () => {} }));
    try {
      await migrateDatabase(database);
      const [users] = await selectRows<{ table: string | null }>(database.db, sql`select to_regclass('users')::text as table`);
      expect(users).toEqual({ table: "users" });
    } finally {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
