import { describe, expect, it } from "vitest";
import { CREDIT_LIMITS } from "@/lib/credits/schemas";
import { formatCount } from "@/lib/format";
import { balanceCeilingRefusal, creditChangeSchema } from "./credit-change-form";

describe("the credit change dialog's amount", () => {
  it("says an amount is too large rather than not whole", () => {
    const result = creditChangeSchema().safeParse({ direction: "add", amount: 99999999999999999999, reason: "Bonus" });
    expect(result.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe(`Too many for one change: at most ${formatCount(CREDIT_LIMITS.grantAmount)} credits.`);
    const fraction = creditChangeSchema().safeParse({ direction: "add", amount: 2.5, reason: "Bonus" });
    expect(fraction.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe("Credits are whole numbers.");
  });
});

describe("the operator's bounds in the credit change dialog", () => {
  const change = (direction: "add" | "clawback", amount: number) => ({ direction, amount, reason: "Bonus" });
  const amountMessage = (result: ReturnType<ReturnType<typeof creditChangeSchema>["safeParse"]>) =>
    result.error?.issues.find((issue) => issue.path[0] === "amount")?.message;

  it("refuses more than the operator's largest change, either way, before sending", () => {
    const schema = creditChangeSchema(250_000);
    expect(amountMessage(schema.safeParse(change("add", 250_001)))).toBe("Too many for one change: at most 250,000 credits.");
    expect(amountMessage(schema.safeParse(change("clawback", 250_001)))).toBe("Too many for one change: at most 250,000 credits.");
    expect(schema.safeParse(change("add", 250_000)).success).toBe(true);
  });

  it("refuses an addition past the largest balance, saying how much room is left", () => {
    expect(balanceCeilingRefusal(change("add", 1_001), 999_000, 1_000_000)).toBe("A balance may hold at most 1,000,000 credits: add at most 1,000.");
    expect(balanceCeilingRefusal(change("add", 1_000), 999_000, 1_000_000)).toBeNull();
    expect(balanceCeilingRefusal(change("add", 1), 1_000_000, 1_000_000)).toBe("A balance may hold at most 1,000,000 credits, and this one is full.");
    // Taking back from a full balance is always within bounds.
    expect(balanceCeilingRefusal(change("clawback", 1_000), 1_000_000, 1_000_000)).toBeNull();
  });
});
