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

  it("leaves a mark an excerpt cut in two as written", () => {
    expect(withoutMarkdown("see [Standing Desk](/shop/x")).toBe("see [Standing Desk](/shop/x");
  });
});
