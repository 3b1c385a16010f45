import { describe, expect, it } from "vitest";
import type postgres from "postgres";
import { eq } from "drizzle-orm";
import { databaseFromPostgres, isUniqueViolation, preparedStatement, preparingStatements, type Database } from "./client";
import { users } from "./schema";

describe("isUniqueViolation", () => {
  it("finds SQLSTATE 23505 on the error or the driver error it wraps", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23503" } }))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});

describe("preparedStatement", () => {
  it("builds and prepares a statement once per database handle, under its name", () => {
    const built: { handle: unknown; name: string }[] = [];
    const statementOf = preparedStatement("probe", (db) => ({
      prepare: (name: string) => {
        built.push({ handle: db, name });
        return { handle: db, name };
      },
    }));
    const first = {} as Database;
    const second = {} as Database;
    expect(statementOf(first)).toBe(statementOf(first));
    expect(statementOf(second)).not.toBe(statementOf(first));
    expect(built).toEqual([
      { handle: first, name: "probe" },
      { handle: second, name: "probe" },
    ]);
  });
});

describe("preparingStatements", () => {
  type Call = { via: string; query: string; prepare: unknown };
  /** A stand-in for a postgres.js client that records how each statement was asked for. */
  function recordingClient(calls: Call[], via = "pool"): postgres.Sql {
    const client = {
      options: { parsers: {}, serializers: {} },
      unsafe: (query: string, parameters?: unknown[], options?: { prepare?: boolean }) => {
        calls.push({ via, query, prepare: options?.prepare });
        // Drizzle reads selected rows as arrays of values.
        return Object.assign(Promise.resolve([]), { values: () => Promise.resolve([]) });
      },
      begin: (work: (sql: postgres.Sql) => unknown) => work(recordingClient(calls, "transaction")),
      savepoint: (name: string, work: (sql: postgres.Sql) => unknown) => work(recordingClient(calls, `savepoint ${name}`)),
      end() {
        return this.options;
      },
    };
    return client as unknown as postgres.Sql;
  }

  it("is what the app's Postgres database hands Drizzle, unless turned off", async () => {
    for (const [preparedStatements, expected] of [[undefined, true], [false, false]] as const) {
      const calls: Call[] = [];
      const { db } = databaseFromPostgres(recordingClient(calls), { preparedStatements });
      await db.select({ id: users.id }).from(users).where(eq(users.email, "someone@example.test"));
      expect(calls).toHaveLength(1);
      expect(calls[0]!.prepare).toBe(expected);
      expect(calls[0]!.query).toContain('where "users"."email" = $1');
    }
  });

  it("prepares every statement with parameters, up to a number of distinct ones, in transactions and savepoints too", async () => {
    const calls: Call[] = [];
    const raw = recordingClient(calls);
    const client = preparingStatements(raw, 2);
    await client.unsafe("select $1", [1], { prepare: false });
    await client.unsafe("select $1", [2], { prepare: false });
    await client.unsafe("select 1", [], { prepare: false });
    await client.begin(async (tx) => {
      await tx.unsafe("select $1 + 1", [1], { prepare: false });
      await (tx as unknown as { savepoint: (name: string, work: (sql: postgres.Sql) => Promise<unknown>) => Promise<unknown> }).savepoint("inner", (inner) =>
        inner.unsafe("select $1 + 2", [1], { prepare: false }),
      );
      await tx.unsafe("select $1", [3], { prepare: false });
    });
    // Named by the caller: prepared whatever the count.
    await client.unsafe("select $1 + 3", [1], { prepare: true });
    expect(calls).toEqual([
      { via: "pool", query: "select $1", prepare: true },
      { via: "pool", query: "select $1", prepare: true },
      { via: "pool", query: "select 1", prepare: false },
      { via: "transaction", query: "select $1 + 1", prepare: true },
      { via: "savepoint inner", query: "select $1 + 2", prepare: false },
      { via: "transaction", query: "select $1", prepare: true },
      { via: "pool", query: "select $1 + 3", prepare: true },
    ]);
    // Everything else reaches the client itself.
    expect((client as unknown as { end: () => unknown }).end()).toBe((raw as unknown as { options: unknown }).options);
    expect((client as unknown as { options: unknown }).options).toBe((raw as unknown as { options: unknown }).options);
  });
});
