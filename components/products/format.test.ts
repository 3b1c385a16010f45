import { describe, expect, it } from "vitest";
import { formatStock } from "./format";

describe("formatStock", () => {
  it("shows untracked stock as Unlimited and counts with grouping", () => {
    expect(formatStock(null)).toBe("Unlimited");
    expect(formatStock(1200)).toBe("1,200");
  });
});
