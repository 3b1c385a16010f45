import { describe, expect, it } from "vitest";
import { composeSuggestions, MAX_SUGGESTIONS, MIN_SUGGESTIONS, roundPriceAbove } from "./suggestions";

describe("roundPriceAbove", () => {
  it("picks the first round amount strictly above the price", () => {
    expect(roundPriceAbove(0)).toBe(1);
    expect(roundPriceAbove(1.5)).toBe(2);
    expect(roundPriceAbove(4.99)).toBe(5);
    expect(roundPriceAbove(5)).toBe(10);
    expect(roundPriceAbove(19.99)).toBe(20);
    expect(roundPriceAbove(21)).toBe(25);
    expect(roundPriceAbove(79.5)).toBe(100);
    expect(roundPriceAbove(100)).toBe(200);
    expect(roundPriceAbove(249)).toBe(250);
    expect(roundPriceAbove(549)).toBe(1000);
    expect(roundPriceAbove(1299.99)).toBe(2000);
  });

  it("treats nonsense as free", () => {
    expect(roundPriceAbove(Number.NaN)).toBe(1);
    expect(roundPriceAbove(-3)).toBe(1);
  });
});

describe("composeSuggestions", () => {
  const desk = { id: "d", name: "Standing Desk", purchases: 7 };
  const chair = { id: "c", name: "Ergonomic Chair", purchases: 3 };
  const lighting = { name: "Lighting", products: 5, medianPrice: 79.5 };
  const furniture = { name: "Furniture", products: 4, medianPrice: 549 };
  const audio = { name: "Audio", products: 2, medianPrice: 120 };

  it("describes and pairs the best seller, and offers the fullest categories under a round price", () => {
    expect(composeSuggestions({ categories: [lighting, furniture, audio], bestSellers: [desk, chair] })).toEqual([
      "Tell me about the Standing Desk",
      "Show me Lighting under $100",
      "What goes with the Standing Desk?",
      "Show me Furniture under $1,000",
      "Tell me about the Ergonomic Chair",
      "Show me Audio under $200",
    ]);
  });

  it("never offers more than six, nor fewer than four", () => {
    const many = composeSuggestions({ categories: [lighting, furniture, audio, audio], bestSellers: [desk, chair, desk] });
    expect(many.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    const empty = composeSuggestions({ categories: [], bestSellers: [] });
    expect(empty).toHaveLength(MIN_SUGGESTIONS);
    expect(empty).toEqual(["What do you have in stock?", "What's your cheapest product?", "Show me products under $50", "What have I bought so far?"]);
  });

  it("tops up a small catalog with general prompts, each prompt once", () => {
    const few = composeSuggestions({ categories: [lighting], bestSellers: [] });
    expect(few).toEqual(["Show me Lighting under $100", "What do you have in stock?", "What's your cheapest product?", "Show me products under $50"]);
    expect(new Set(few).size).toBe(few.length);
  });

  it("keeps a name's own article and skips names too long for a chip", () => {
    const named = composeSuggestions({
      categories: [],
      bestSellers: [{ id: "l", name: "The Lamp", purchases: 1 }, { id: "x", name: "x".repeat(61), purchases: 0 }],
    });
    expect(named).toContain("Tell me about The Lamp");
    expect(named).toContain("What goes with The Lamp?");
    expect(named.join(" ")).not.toContain("xxxx");
  });
});
