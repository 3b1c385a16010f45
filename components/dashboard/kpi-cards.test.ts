import { describe, expect, it } from "vitest";
import { formatCents } from "./kpi-cards";

describe("the model cost on the dashboard", () => {
  it("is shown in dollars to the cent, exactly at any size", () => {
    expect(formatCents("0.0000")).toBe("$0.00");
    expect(formatCents("0.4999")).toBe("< $0.01");
    expect(formatCents("1")).toBe("$0.01");
    expect(formatCents("12.3456")).toBe("$0.12");
    // A float makes 1.505 a little less and shows $1.50.
    expect(formatCents("150.5")).toBe("$1.51");
    expect(formatCents("123456789.4999")).toBe("$1,234,567.89");
    expect(formatCents("1234567890123456.4999")).toBe("$12,345,678,901,234.56");
    // Past a float's digits: one would show $90,071,992,547,409.92.
    expect(formatCents("9007199254740993.0000")).toBe("$90,071,992,547,409.93");
    expect(formatCents("not a number")).toBe("not a number");
  });
});
