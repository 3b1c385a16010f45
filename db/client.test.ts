import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./client";

describe("isUniqueViolation", () => {
  it("finds SQLSTATE 23505 on the error or the driver error it wraps", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23503" } }))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
