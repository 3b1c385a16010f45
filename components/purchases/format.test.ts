import { describe, expect, it } from "vitest";
import { formatMoney } from "./format";

describe("formatMoney", () => {
  it("groups thousands and keeps two decimals exactly", () => {
    expect(formatMoney("1299.99")).toBe("$1,299.99");
    expect(formatMoney("0.1")).toBe("$0.10");
    expect(formatMoney("9999999999.99")).toBe("$9,999,999,999.99");
    expect(formatMoney("5")).toBe("$5.00");
  });

  it("shows anything that is not an amount as sent", () => {
    expect(formatMoney("n/a")).toBe("n/a");
  });
});
