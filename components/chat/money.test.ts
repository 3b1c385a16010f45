import { describe, expect, it } from "vitest";
import { formatPrice, fromCents, lineTotal, toCents } from "./money";

describe("money helpers", () => {
  it("parses decimal strings into exact cents", () => {
    expect(toCents("1299.99")).toBe(129999n);
    expect(toCents("0.1")).toBe(10n);
    expect(toCents("5")).toBe(500n);
    expect(toCents(" 7.05 ")).toBe(705n);
    expect(toCents("1.999")).toBeNull();
    expect(toCents("-1")).toBeNull();
    expect(toCents("abc")).toBeNull();
  });

  it("multiplies without float drift", () => {
    // 0.1 * 3 in floats is 0.30000000000000004.
    expect(lineTotal({ unitPrice: "0.10", quantity: 3 })).toBe("0.30");
    expect(lineTotal({ unitPrice: "1299.99", quantity: 100 })).toBe("129999.00");
    expect(lineTotal({ unitPrice: "19.95", quantity: 2 })).toBe("39.90");
    expect(lineTotal({ unitPrice: "x", quantity: 2 })).toBeNull();
    expect(lineTotal({ unitPrice: "1.00", quantity: 1.5 })).toBeNull();
  });

  it("formats with thousands separators and two decimals", () => {
    expect(formatPrice("1299.9")).toBe("$1,299.90");
    expect(formatPrice("1234567.00")).toBe("$1,234,567.00");
    expect(formatPrice("0")).toBe("$0.00");
    expect(formatPrice("n/a")).toBe("n/a");
    expect(fromCents(5n)).toBe("0.05");
  });
});
