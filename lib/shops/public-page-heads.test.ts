import { describe, expect, it } from "vitest";
import { plainSummary } from "./public-page-heads";

describe("plainSummary", () => {
  it("keeps a short description whole, without its Markdown marks", () => {
    expect(plainSummary("## Oak desk\n\n- **Solid** oak, [see more](https://example.com)")).toBe("Oak desk Solid oak, see more");
  });

  it("cuts a long description between characters, never inside an emoji or a flag", () => {
    for (const mark of ["🌮", "🇫🇷", "👩‍👩‍👧"]) {
      for (let before = 190; before <= 200; before++) {
        const text = `${"a".repeat(before)}${mark}${"b".repeat(50)}`;
        const summary = plainSummary(text);
        expect(summary.isWellFormed(), `${before} ${mark}`).toBe(true);
        expect(summary.length).toBeLessThanOrEqual(200);
        expect(summary.endsWith("…")).toBe(true);
        // What is kept is the start of the text: the mark whole or not at all.
        const kept = summary.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        expect(kept === "a".repeat(before) || kept.startsWith(`${"a".repeat(before)}${mark}`) || kept.length < before).toBe(true);
      }
    }
  });
});
