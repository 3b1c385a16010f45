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

/** Tokens of a text under o200k_base, the encoding of the current OpenAI chat models. */
export function countTokens(text: string): number {
  return text ? encoding().countTokens(text, PLAIN_TEXT) : 0;
}

/** Chat framing per message (role markers) and for priming the reply, as OpenAI documents it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;

export function countMessagesTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + countTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
}
