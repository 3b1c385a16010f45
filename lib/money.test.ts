import { describe, expect, it } from "vitest";
import { formatMoney, fromCents, lineTotal, toCents } from "./money";

describe("money", () => {
  it("parses decimal strings into exact cents and back", () => {
    expect(toCents("1299.9")).toBe(129990n);
    expect(toCents("0.07")).toBe(7n);
    expect(toCents("-5")).toBe(-500n);
    expect(toCents(" 7.05 ")).toBe(705n);
    expect(toCents("1.234")).toBeNull();
    expect(toCents("abc")).toBeNull();
    expect(fromCents(129990n)).toBe("1299.90");
    expect(fromCents(-7n)).toBe("-0.07");
  });

  it("multiplies without float error", () => {
    expect(lineTotal({ unitPrice: "0.10", quantity: 3 })).toBe("0.30");
    expect(lineTotal({ unitPrice: "19.99", quantity: 100 })).toBe("1999.00");
    expect(lineTotal({ unitPrice: "x", quantity: 1 })).toBeNull();
    expect(lineTotal({ unitPrice: "1.00", quantity: 1.5 })).toBeNull();
  });

  it("formats with grouping and exactly two places, never truncating", () => {
    expect(formatMoney("1299.9")).toBe("$1,299.90");
    expect(formatMoney("1234567.05")).toBe("$1,234,567.05");
    expect(formatMoney("-5")).toBe("-$5.00");
    expect(formatMoney("0")).toBe("$0.00");
    expect(formatMoney("not money")).toBe("not money");
    expect(formatMoney("1299.99")).toBe("$1,299.99");
    expect(formatMoney("1234567890.5")).toBe("$1,234,567,890.50");
    expect(formatMoney("9999999999.99")).toBe("$9,999,999,999.99");
    expect(formatMoney("0.10")).toBe("$0.10");
    expect(formatMoney("0.1")).toBe("$0.10");
    expect(formatMoney("5")).toBe("$5.00");
  });
});
