import { describe, expect, it } from "vitest";
import { withoutMarkdown } from "./plain-text";

describe("withoutMarkdown", () => {
  it("keeps the words of emphasis, code, links, headings, quotes and lists", () => {
    expect(withoutMarkdown("## Desks\n> **Standing Desk** — `new`, ~~$599~~ $549\n- [Desk Lamp](/shop/x/1)\n1. ![photo](/p.png) Chair")).toBe(
      "Desks\nStanding Desk — new, $599 $549\nDesk Lamp\nphoto Chair",
    );
  });

  it("puts a table's cells side by side and drops its rule", () => {
    expect(withoutMarkdown("| Product | Price |\n|---|---:|\n| Standing Desk | $549.00 |")).toBe("Product · Price\n\nStanding Desk · $549.00");
  });

  it("keeps characters that only look like marks: a product's sizes, names with underscores, quoted markup", () => {
    expect(withoutMarkdown("Fits a 10 * 20 cm shelf, 2*3 packs")).toBe("Fits a 10 * 20 cm shelf, 2*3 packs");
    expect(withoutMarkdown("Set `max_items` in config_v2 or a_b__c")).toBe("Set max_items in config_v2 or a_b__c");
    expect(withoutMarkdown('Solar lantern. <img src=x onerror="window.__xss=1">')).toBe('Solar lantern. <img src=x onerror="window.__xss=1">');
    expect(withoutMarkdown("*Solid* oak, _hand_ finished, __very__ sturdy, **new**")).toBe("Solid oak, hand finished, very sturdy, new");
  });

  it("leaves a mark an excerpt cut in two as written", () => {
    expect(withoutMarkdown("see [Standing Desk](/shop/x")).toBe("see [Standing Desk](/shop/x");
  });
});
