import { describe, expect, it } from "vitest";
import { isUniqueViolation, preparedStatement, type Database } from "./client";

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
