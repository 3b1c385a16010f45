import { describe, expect, it } from "vitest";
import { priceSchema, productFormSchema } from "./schemas";

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("a product's price and description, as the form and the API check them", () => {
  it("says a price is too large rather than badly written", () => {
    expect(priceSchema.safeParse("9999999999.99").success).toBe(true);
    expect(firstMessage(priceSchema.safeParse("99999999999999"))).toBe("Price must be at most 9,999,999,999.99.");
    expect(firstMessage(priceSchema.safeParse("12.345"))).toBe('Price must be a number ≥ 0 with at most 2 decimals, e.g. "19.99".');
  });

  it("writes the description's limit as the form's hint does", () => {
    const result = productFormSchema.shape.description.safeParse("x".repeat(5001));
    expect(firstMessage(result)).toBe("Description must be at most 5,000 characters.");
  });
});
