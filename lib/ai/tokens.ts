import { readFileSync } from "node:fs";
import { GptEncoding } from "gpt-tokenizer/GptEncoding";

// User text may contain strings like "<|endoftext|>": they are counted as plain text, never rejected.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let o200kBase: GptEncoding | null = null;

/** o200k_base, the encoding of the current OpenAI chat models; built on first use (~0.2 s). */
function encoding(): GptEncoding {
  // The ranks are read as JSON rather than imported from the package's 2.4 MB module, which costs a
  // process far more memory to compile than this costs to parse (scripts/tokenizer-ranks.mjs writes the
  // file; a test keeps it equal to the package's).
  o200kBase ??= GptEncoding.getEncodingApi("o200k_base", () => JSON.parse(readFileSync(new URL("./o200k_base.ranks.json", import.meta.url), "utf8")) as (string | number[])[]);
  return o200kBase;
}

/** A run without whitespace at least this long is counted in slices (see countTokens). */
export const LONG_RUN_CHARS = 256;
const LONG_RUN = new RegExp(`\\S{${LONG_RUN_CHARS},}`, "gu");
const SLICE_CHARS = 128;

/**
 * Tokens of a text under o200k_base, the encoding of the current OpenAI chat models. Byte-pair merging
 * takes time quadratic in the length of a run without whitespace (40,000 letters: a second of CPU on
 * the event loop), and anyone may send one; so such a run is counted in slices, which may differ from
 * the exact count by a token a slice. Ordinary text is counted exactly.
 */
export function countTokens(text: string): number {
  if (!text) return 0;
  if (text.length < LONG_RUN_CHARS) return exactCount(text);
  let total = 0;
  let from = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    total += exactCount(text.slice(from, run.index));
    const word = run[0];
    for (let at = 0; at < word.length; ) {
      let end = Math.min(at + SLICE_CHARS, word.length);
      // Never between the two halves of a surrogate pair.
      if (end < word.length && isHighSurrogate(word.charCodeAt(end - 1))) end += 1;
      total += exactCount(word.slice(at, end));
      at = end;
    }
    from = run.index + word.length;
  }
  return total + exactCount(text.slice(from));
}

function exactCount(text: string): number {
  return text ? encoding().countTokens(text, PLAIN_TEXT) : 0;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Chat framing per message (role markers) and for priming the reply, as OpenAI documents it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;

export function countMessagesTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + countTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
}
