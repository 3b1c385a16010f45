import { describe, expect, it } from "vitest";
import { comparisonTable, parseComparison, parsePairing } from "./local-provider";

describe("the built-in assistant's reading of a question", () => {
  it.each([
    ["compare the trail shoes and the hiking boots", ["trail shoes", "hiking boots"]],
    ["Can you compare the sofa, the armchair and the coffee table?", ["sofa", "armchair", "coffee table"]],
    ["trail shoes vs hiking boots", ["trail shoes", "hiking boots"]],
    ["what's the difference between the 27-inch monitor and the ultrawide?", ["27-inch monitor", "ultrawide"]],
    ["which is better, the arc lamp or the desk lamp?", ["arc lamp", "desk lamp"]],
    ["IronPeak vs Stridelab adjustable dumbbells", ["IronPeak adjustable dumbbells", "Stridelab adjustable dumbbells"]],
    ["Nimbus Go vs Clickwise Air — which laptop should I get?", ["Nimbus Go laptop", "Clickwise Air laptop"]],
  ])("%j compares %j", (question, parts) => {
    expect(parseComparison(question)).toEqual(parts);
  });

  it("is not a comparison with one thing or none", () => {
    expect(parseComparison("compare prices of lamps")).toBeNull();
    expect(parseComparison("do you have a sofa?")).toBeNull();
  });

  it("reads what a pairing question is about", () => {
    expect(parsePairing("What goes with the standing desk?")).toBe("standing desk");
    expect(parsePairing("what should I get with my espresso machine")).toBe("espresso machine");
    expect(parsePairing("accessories for the Summit Hiking Boots")).toBe("Summit Hiking Boots");
    expect(parsePairing("do you sell desks")).toBeNull();
    expect(parsePairing("I just bought the Summitcraft 4-person tent, what else do I need?")).toBe("Summitcraft 4-person tent");
    expect(parsePairing("got the Oakhurst king bed frame, what bedding goes with it?")).toBe("Oakhurst king bed frame");
    expect(parsePairing("I'm buying the Velora hybrid bike, anything else I should get?")).toBe("Velora hybrid bike");
  });

  it("tabulates a comparison from the products' own data, safe for Markdown", () => {
    const table = comparisonTable([
      { id: "1", name: "Trail | Shoes", price: "139.00", category: "Footwear", stock: 0, description: "Grippy soles. A rock plate." },
      { id: "2", name: "Boots", price: "189.00", category: null, stock: null, description: "**Waterproof** leather." },
    ]);
    expect(table.split("\n")).toEqual([
      "| | **Trail / Shoes** | **Boots** |",
      "|---|---|---|",
      "| Price | $139.00 | $189.00 |",
      "| Category | Footwear | — |",
      "| Stock | out of stock | available |",
      "| Highlights | Grippy soles. | Waterproof leather. |",
    ]);
  });
});
