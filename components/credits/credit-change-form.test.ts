import { describe, expect, it } from "vitest";
import { CREDIT_LIMITS } from "@/lib/credits/schemas";
import { formatCount } from "@/lib/format";
import { creditChangeSchema } from "./credit-change-form";

describe("the credit change dialog's amount", () => {
  it("says an amount is too large rather than not whole", () => {
    const result = creditChangeSchema.safeParse({ direction: "add", amount: 99999999999999999999, reason: "Bonus" });
    expect(result.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe(`At most ${formatCount(CREDIT_LIMITS.grantAmount)} credits at once.`);
    const fraction = creditChangeSchema.safeParse({ direction: "add", amount: 2.5, reason: "Bonus" });
    expect(fraction.error?.issues.find((issue) => issue.path[0] === "amount")?.message).toBe("Credits are whole numbers.");
  });
});
