import { describe, expect, it } from "vitest";
import { CREDIT_LIMITS } from "@/lib/credits/schemas";
import { formatCount } from "@/lib/format";
import { creditChangeRefusal, creditChangeSchema } from "./credit-change-form";

describe("the credit change dialog's amount", () => {
  it("says an amount is too large rather than not whole", () => {
    const result = creditChangeSchema.safeParse({ direction: "add", amount: 99999999999999999999, reason: "Bonus" });
    expect(result.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe(`At most ${formatCount(CREDIT_LIMITS.grantAmount)} credits at once.`);
    const fraction = creditChangeSchema.safeParse({ direction: "add", amount: 2.5, reason: "Bonus" });
    expect(fraction.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe("Credits are whole numbers.");
  });
});

describe("the operator's bounds in the credit change dialog", () => {
  const limits = { maxChange: 250_000, maxBalance: 1_000_000 };
  const change = (direction: "add" | "clawback", amount: number) => ({ direction, amount, reason: "Bonus" });

  it("refuses more than the operator's largest change, either way, before sending", () => {
    expect(creditChangeRefusal(change("add", 250_001), 0, limits)).toBe("At most 250,000 credits at once.");
    expect(creditChangeRefusal(change("clawback", 250_001), 900_000, limits)).toBe("At most 250,000 credits at once.");
    expect(creditChangeRefusal(change("add", 250_000), 0, limits)).toBeNull();
    expect(creditChangeRefusal(change("clawback", 250_000), 900_000, limits)).toBeNull();
  });

  it("refuses an addition past the largest balance, saying how much room is left", () => {
    expect(creditChangeRefusal(change("add", 1_001), 999_000, limits)).toBe("A balance may hold at most 1,000,000 credits: add at most 1,000.");
    expect(creditChangeRefusal(change("add", 1_000), 999_000, limits)).toBeNull();
    expect(creditChangeRefusal(change("add", 1), 1_000_000, limits)).toBe("A balance may hold at most 1,000,000 credits, and this one is full.");
    // Taking back from a full balance is always within bounds.
    expect(creditChangeRefusal(change("clawback", 1_000), 1_000_000, limits)).toBeNull();
  });
});
