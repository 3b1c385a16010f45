import { describe, expect, it } from "vitest";
import { formatPrice, formatStock } from "./format";

describe("formatPrice", () => {
  it("formats decimal strings without floating point", () => {
    expect(formatPrice("1299.99")).toBe("$1,299.99");
    expect(formatPrice("0")).toBe("$0.00");
    expect(formatPrice("1234567890.5")).toBe("$1,234,567,890.50");
    expect(formatPrice("0.10")).toBe("$0.10");
  });
  it("formats stock", () => {
    expect(formatStock(null)).toBe("Unlimited");
    expect(formatStock(1200)).toBe("1,200");
  });
});
