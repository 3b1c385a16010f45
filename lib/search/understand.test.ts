import { describe, expect, it } from "vitest";
import { rankCandidates, reciprocalRankFusion } from "./ranking";
import { BUILT_IN_SYNONYMS, normaliseSynonymGroups, synonymIndex } from "./synonyms";
import { understandQuestion } from "./understand";

const texts = (question: string) => understandQuestion(question).concepts.map((concept) => concept.text);

describe("understandQuestion", () => {
  it.each([
    ["lighting under $100", { maxPrice: 100 }],
    ["lamps below 80 dollars", { maxPrice: 80 }],
    ["a desk for $300 or less", { maxPrice: 300 }],
    ["headphones between 50 and 80", { minPrice: 50, maxPrice: 80 }],
    ["from $80 to $50 please", { minPrice: 50, maxPrice: 80 }],
    ["$50-$80 headphones", { minPrice: 50, maxPrice: 80 }],
    ["sofas over $500", { minPrice: 500 }],
    ["at least 1,000 dollars", { minPrice: 1000 }],
  ])("reads the price constraint in %j", (question, expected) => {
    const understood = understandQuestion(question);
    expect({ minPrice: understood.minPrice, maxPrice: understood.maxPrice }).toEqual({ minPrice: undefined, maxPrice: undefined, ...expected });
  });

  it("never searches the constraint's words", () => {
    expect(texts("lighting under $100")).toEqual(["lighting"]);
    expect(texts("three cheapest items")).toEqual([]);
    expect(texts("any lamps in stock for less than 50 bucks?")).toEqual(["lamps"]);
  });

  it("reads order, count and stock", () => {
    expect(understandQuestion("three cheapest items")).toMatchObject({ order: "price_asc", count: 3 });
    expect(understandQuestion("top 5 most expensive sofas")).toMatchObject({ order: "price_desc", count: 5 });
    expect(understandQuestion("what's the least expensive monitor?")).toMatchObject({ order: "price_asc" });
    expect(understandQuestion("a tent that is not too expensive").order).toBe("price_asc");
    expect(understandQuestion("standing desks in stock").inStock).toBe(true);
    expect(understandQuestion("standing desks").inStock).toBeUndefined();
  });

  it("groups synonym phrases, longest first, plural or singular", () => {
    const [machine] = understandQuestion("coffee machines under 700").concepts;
    expect(machine).toMatchObject({ text: "coffee machines" });
    expect(machine!.alternatives).toEqual(expect.arrayContaining([["espresso", "machine"], ["espresso", "maker"]]));
    expect(understandQuestion("couches").concepts[0]!.alternatives).toEqual(expect.arrayContaining([["sofa"]]));
  });

  it("marks the thing asked for, not what describes it", () => {
    const head = (question: string) => understandQuestion(question).concepts.find((concept) => concept.head)?.text;
    expect(head("a comfy sofa")).toBe("sofa");
    expect(head("a camping stove")).toBe("stove");
    expect(head("which tent for two people")).toBe("tent");
    expect(head("weights for home workouts")).toBe("weights");
  });

  it("adds a business's own groups to the built-in ones", () => {
    expect(understandQuestion("a chesterfield", [["Chesterfield", "sofa"]]).concepts[0]!.alternatives).toEqual(
      expect.arrayContaining([["chesterfield"], ["sofa"], ["couch"]]),
    );
  });
});

describe("synonyms", () => {
  it("every built-in group is symmetrical", () => {
    const index = synonymIndex();
    for (const group of BUILT_IN_SYNONYMS) for (const member of group) expect(index.get(member)).toEqual(expect.arrayContaining([...group]));
  });

  it("cleans admin-typed groups and drops single words", () => {
    expect(normaliseSynonymGroups([["  Sofa ", "COUCH!", "couch"], ["lonely"]])).toEqual([["sofa", "couch"]]);
  });
});

describe("ranking", () => {
  const concept = (frequency: number) => ({ frequency, total: 100 });
  const candidate = (id: string, fields: number[], price = "10.00", phraseInName = false) => ({ id, name: id, price, fields, phraseInName });

  it("puts name matches above description matches and the exact phrase above scattered words", () => {
    const ranked = rankCandidates(
      [candidate("described", [1, 1]), candidate("named", [3, 3]), candidate("phrase", [3, 3], "10.00", true)],
      [concept(5), concept(5)],
    );
    expect(ranked.map((c) => c.id)).toEqual(["phrase", "named"]);
  });

  it("drops a product that only shares a common word in its description", () => {
    const ranked = rankCandidates([candidate("dumbbells", [3, 0]), candidate("blanket", [0, 1])], [concept(2), concept(40)]);
    expect(ranked.map((c) => c.id)).toEqual(["dumbbells"]);
  });

  it("orders by price when asked", () => {
    const ranked = rankCandidates([candidate("a", [3], "30.00"), candidate("b", [3], "10.00"), candidate("c", [3], "20.00")], [concept(3)], "price_asc");
    expect(ranked.map((c) => c.id)).toEqual(["b", "c", "a"]);
  });

  it("fuses rankings so an item high in both lists rises above one high in only one", () => {
    expect(reciprocalRankFusion([["a", "b", "c"], ["c", "b", "x"]])).toEqual(["c", "b", "a", "x"]);
  });
});
