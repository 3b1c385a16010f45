import { readFileSync } from "node:fs";
import { countTokens as packageCount } from "gpt-tokenizer";
import packageRanks from "gpt-tokenizer/bpeRanks/o200k_base";
import { GptEncoding } from "gpt-tokenizer/GptEncoding";
import { describe, expect, it, vi } from "vitest";
import { countMessagesTokens, countTokens, LONG_RUN_CHARS } from "./tokens";

describe("countTokens", () => {
  it("reads the ranks gpt-tokenizer ships (run scripts/tokenizer-ranks.mjs after upgrading it)", () => {
    const ours = JSON.parse(readFileSync(new URL("./o200k_base.ranks.json", import.meta.url), "utf8")) as unknown[];
    expect(ours.length).toBe(packageRanks.length);
    expect(ours).toEqual(packageRanks);
  });

  it("counts as the package's own o200k_base does, special-token text included", () => {
    const texts = [
      "Do you have a standing desk under $500?",
      "Привет! Есть ли у вас стол? 你好，有书桌吗？ مرحبا 🪑🛋️",
      "def f(x):\n\treturn x ** 2  # squares\n\n\n",
      "A literal <|endoftext|> and <|im_start|> in user text.",
      "\u00ff\u0000 bytes \ud83d\ude00 and a lone surrogate \ud800 end",
      "supercalifragilisticexpialidocious ".repeat(50),
    ];
    for (const text of texts) expect(countTokens(text)).toBe(packageCount(text, { disallowedSpecial: new Set() }));
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("")).toBe(0);
  });

  it("counts a long run without whitespace in slices: never a long piece to the encoder, and within a token a slice of exact", () => {
    const letters = Array.from({ length: 10_000 }, (_, index) => String.fromCharCode(97 + ((index * 7919) % 26))).join("");
    const emoji = "🪑".repeat(3_000);
    const texts = ["a".repeat(10_000), letters, `Look: ${letters} and ${emoji}, then words.`, `https://example.com/${"x".repeat(300)}`];
    const handed: number[] = [];
    const encoder = vi.spyOn(GptEncoding.prototype, "countTokens");
    const counts = texts.map((text) => {
      encoder.mockClear();
      const count = countTokens(text);
      handed.push(...encoder.mock.calls.map(([piece]) => String(piece).length));
      return count;
    });
    encoder.mockRestore();
    expect(Math.max(...handed)).toBeLessThan(LONG_RUN_CHARS);
    for (const [index, text] of texts.entries()) {
      const exact = packageCount(text, { disallowedSpecial: new Set() });
      expect(Math.abs(counts[index]! - exact)).toBeLessThanOrEqual(Math.ceil(text.length / 128));
      expect(counts[index]).toBeGreaterThan(0);
    }
  });

  it("adds the chat framing per message and for the reply", () => {
    expect(countMessagesTokens([{ content: "hello world" }, { content: "" }])).toBe(2 + 4 + 0 + 4 + 3);
  });
});
