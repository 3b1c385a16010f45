import { describe, expect, it } from "vitest";
import { isUniqueViolation, toPrefixTsquery } from "./queries";

describe("toPrefixTsquery", () => {
  it("builds safe prefix tsqueries", () => {
    expect(toPrefixTsquery("Keyb's  <desk>!")).toBe("keyb:* & s:* & desk:*");
    expect(toPrefixTsquery("café 4k", "any")).toBe("café:* | 4k:*");
    expect(toPrefixTsquery("'&|!():*")).toBeNull();
  });
});

describe("isUniqueViolation", () => {
  it("finds SQLSTATE 23505 on the error or the driver error it wraps", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation(new Error("query failed", { cause: { code: "23503" } }))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
