import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_TITLE, titleFromMessage } from "./service";

describe("a conversation's title from its first message", () => {
  it("is the first line, whitespace collapsed, and a long one is cut with an ellipsis", () => {
    expect(titleFromMessage("\n  Do you   sell desks?\nI need two.")).toBe("Do you sell desks?");
    expect(titleFromMessage("   \n \t")).toBe(DEFAULT_SESSION_TITLE);
    const long = "word ".repeat(30);
    expect(titleFromMessage(long)).toBe(`${"word ".repeat(12).trimEnd()}…`);
  });

  it("is cut between characters as a reader sees them, never inside an emoji or a letter with its accent", () => {
    // The cut at 59 UTF-16 units fell between the two halves of 😀, which the database stored as U+FFFD.
    const emoji = titleFromMessage(`${"a".repeat(58)}😀 and what comes after`);
    expect(emoji.isWellFormed()).toBe(true);
    expect(emoji).toBe(`${"a".repeat(58)}…`);
    // A family is one character of seven code points; a flag one of two; é here a letter and its accent.
    const family = "👩‍👩‍👧‍👦";
    expect(titleFromMessage(`${"b".repeat(52)}${family} is here`)).toBe(`${"b".repeat(52)}…`);
    expect(titleFromMessage(`${"c".repeat(56)}🇫🇷 flags`)).toBe(`${"c".repeat(56)}…`);
    expect(titleFromMessage(`${"d".repeat(58)}e\u0301 accents`)).toBe(`${"d".repeat(58)}…`);
    // What fits is kept whole.
    expect(titleFromMessage(`${"e".repeat(40)}${family}${"f".repeat(20)}`)).toBe(`${"e".repeat(40)}${family}${"f".repeat(8)}…`);
  });

  it("keeps to the length for a single character longer than the whole title (a letter under many marks)", () => {
    const title = titleFromMessage(`x${"\u0301".repeat(200)} and more`);
    expect(title.isWellFormed()).toBe(true);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith("…")).toBe(true);
  });
});
