import { readFileSync } from "node:fs";
import { countTokens as packageCount } from "gpt-tokenizer";
import packageRanks from "gpt-tokenizer/bpeRanks/o200k_base";
import { describe, expect, it } from "vitest";
import { countMessagesTokens, countTokens } from "./tokens";

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

  it("adds the chat framing per message and for the reply", () => {
    expect(countMessagesTokens([{ content: "hello world" }, { content: "" }])).toBe(2 + 4 + 0 + 4 + 3);
  });
});
