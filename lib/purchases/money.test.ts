import { describe, expect, it } from "vitest";
import { lineTotal } from "./money";

describe("lineTotal", () => {
  it("multiplies decimal prices exactly", () => {
    expect(lineTotal("0.10", 3)).toBe("0.30");
    expect(lineTotal("1299.99", 3)).toBe("3899.97");
    expect(lineTotal("0.01", 100)).toBe("1.00");
    expect(lineTotal("5", 2)).toBe("10.00");
    expect(lineTotal("0.00", 7)).toBe("0.00");
    expect(lineTotal("99999999.99", 100)).toBe("9999999999.00");
  });

  it("refuses a total that the numeric(12,2) column cannot hold with a 400", () => {
    expect(() => lineTotal("9999999999.99", 2)).toThrowError(expect.objectContaining({ code: "invalid_request" }));
  });
});
