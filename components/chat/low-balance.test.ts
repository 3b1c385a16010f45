import { describe, expect, it } from "vitest";
import { isLowBalance } from "./low-balance";

describe("isLowBalance", () => {
  it("warns below five messages' worth of credits", () => {
    expect(isLowBalance({ credits: 500, messageCost: 100 })).toBe(false);
    expect(isLowBalance({ credits: 499, messageCost: 100 })).toBe(true);
    expect(isLowBalance({ credits: 0, messageCost: 100 })).toBe(true);
  });
});
