import { mkdirSync } from "node:fs";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { env, pgliteDir } from "../lib/env";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export type AppDatabase = {
  db: Database;
  kind: DbKind;
  close: () => Promise<void>;
  /** Postgres only: the pool's driver, for work that must stay on one connection (see db/migrate.ts). */
  postgresClient?: postgres.Sql;
  /** The embedded engine's client, for its LISTEN (lib/events/bus.ts). */
  pgliteClient?: PGlite;
  /** Postgres only: connections of their own (db/listen.ts) that close before the pool does. */
  ownConnections?: Set<{ end: () => Promise<void> }>;
};

export function databaseFromPostgres(client: postgres.Sql, options: { preparedStatements?: boolean } = {}): AppDatabase {
  const queries = options.preparedStatements === false ? client : preparingStatements(client);
  const db = drizzlePostgres({ client: queries, schema, casing: "snake_case" }) as unknown as Database;
  const ownConnections = new Set<{ end: () => Promise<void> }>();
  const close = async () => {
    for (const connection of ownConnections) await connection.end();
    await client.end({ timeout: 5 });
  };
  return { db, kind: "postgres", close, postgresClient: client, ownConnections };
}

/** How many distinct statements a process prepares; statements of any other shape run unprepared. */
export const PREPARED_SHAPES_KEPT = 1_000;

type UnsafeOptions = Parameters<postgres.Sql["unsafe"]>[2];

/**
 * postgres.js prepares a statement once per connection and afterwards only binds and runs it: one round
 * trip, no parsing or planning again. Drizzle asks it for an unnamed statement unless a query was given
 * a name, and an unnamed statement with parameters costs two round trips (parse and describe, then bind
 * and execute) and a plan every time. This hands Drizzle's statements to postgres.js prepared — the
 * first PREPARED_SHAPES_KEPT distinct ones the process sees (the hot ones come first), so statements
 * whose text varies (long IN lists, a file's own columns) cannot grow every connection's set of
 * prepared statements without bound. A transaction's and a savepoint's connection get the same.
 */
export function preparingStatements(client: postgres.Sql, limit = PREPARED_SHAPES_KEPT, shapes = new Set<string>()): postgres.Sql {
  const prepare = (query: string) => {
    if (shapes.has(query)) return true;
    if (shapes.size >= limit) return false;
    shapes.add(query);
    return true;
  };
  const wrapWork =
    (work: (sql: postgres.Sql) => unknown) =>
    (sql: postgres.Sql) =>
      work(preparingStatements(sql, limit, shapes));
  return new Proxy(client, {
    get(target, property) {
      if (property === "unsafe") {
        // A statement without parameters goes as a simple query, which is never prepared.
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: UnsafeOptions) =>
          parameters?.length
            ? target.unsafe(query, parameters, { ...options, prepare: options?.prepare === true || prepare(query) })
            : target.unsafe(query, parameters, options);
      }
      if (property === "begin" || property === "savepoint") {
        const original = Reflect.get(target, property) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const work = args.pop() as (sql: postgres.Sql) => unknown;
          return original.call(target, ...args, wrapWork(work));
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function databaseFromPglite(client: PGlite): AppDatabase {
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  return { db, kind: "pglite", close: () => client.close(), pgliteClient: client };
}

/** The embedded engine with the extensions the migrations create (trigram search, edit distance, pgvector). */
export function createPglite(options: Omit<PGliteOptions, "extensions"> & { dataDir?: string } = {}): PGlite {
  return new PGlite({ ...options, extensions: { fuzzystrmatch, pg_trgm, vector } });
}

function openDatabase(): AppDatabase {
  const current = env();
  if (current.DATABASE_URL) {
    const client = postgres(current.DATABASE_URL, {
      max: current.DATABASE_POOL_SIZE,
      onnotice: () => {},
      connection: { application_name: "product-assistant" },
    });
    return databaseFromPostgres(client, { preparedStatements: current.DATABASE_PREPARED_STATEMENTS });
  }
  const dir = pgliteDir(current);
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  return databaseFromPglite(createPglite({ dataDir: dir }));
}

// Cached on globalThis so hot reloads and every route share one pool / one embedded instance.
const globalForDb = globalThis as unknown as { __appDatabase?: AppDatabase };

export function getAppDatabase(): AppDatabase {
  globalForDb.__appDatabase ??= openDatabase();
  return globalForDb.__appDatabase;
}

/** Lets a test harness or script install the database this process uses. */
export function installAppDatabase(database: AppDatabase | undefined): void {
  globalForDb.__appDatabase = database;
}

/** The database handle every query function takes as its first argument outside a transaction. */
export function getDb(): Database {
  return getAppDatabase().db;
}

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export async function transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  const result = await getDb().transaction((tx) => {
    afterCommitOf.set(tx as unknown as Database, committed);
    return work(tx as unknown as Database);
  });
  for (const run of committed) run();
  return result;
}

const afterCommitOf = new WeakMap<Database, (() => void)[]>();

/**
 * Runs `run` once the transaction `db` belongs to has committed (never when it rolls back); at once for
 * a statement outside a transaction (or in a savepoint's handle), whose work is then already durable.
 */
export function afterCommit(db: Database, run: () => void): void {
  const committed = afterCommitOf.get(db);
  if (committed) committed.push(run);
  else run();
}

/**
 * The rows of a raw statement, for what the query builder cannot say; postgres.js returns an array
 * of rows, PGlite an object with `rows`.
 */
export async function selectRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A hot read whose SQL Drizzle builds once per database handle instead of on every call; Postgres
 * prepares it like every other statement (preparingStatements). `build` passes every value as
 * `sql.placeholder(name)`. A statement belongs to the handle it was built on, so a transaction's
 * handle gets its own.
 */
export function preparedStatement<P>(name: string, build: (db: Database) => { prepare(name: string): P }): (db: Database) => P {
  const byHandle = new WeakMap<Database, P>();
  return (db) => {
    let statement = byHandle.get(db);
    if (!statement) {
      statement = build(db).prepare(name);
      byHandle.set(db, statement);
    }
    return statement;
  };
}

/**
 * How long the health check waits for the database. A server that drops packets (a partition, a host
 * gone) leaves a connection attempt waiting for the driver's 30 s connect timeout, and a dead peer a
 * query for longer: past this the check says the database is not answering instead of hanging on.
 */
export const PING_TIMEOUT_MS = 3_000;

/** Round-trips one trivial statement; resolves to the engine that answered (the health check), or throws after `timeoutMs`. */
export async function pingDatabase(timeoutMs: number = PING_TIMEOUT_MS): Promise<DbKind> {
  const database = getAppDatabase();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The database did not answer within ${timeoutMs} ms.`)), timeoutMs);
  });
  try {
    await Promise.race([database.db.execute(sql`select 1`), timedOut]);
  } finally {
    clearTimeout(timer);
  }
  return database.kind;
}

/** Postgres unique violations arrive wrapped (Drizzle keeps the driver error as `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, "23505");
}

/** Whether the database refused with SQLSTATE `code`, however many wrappers (Drizzle's, ours) the error came in. */
export function hasSqlState(error: unknown, code: string): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && (current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export { schema };
