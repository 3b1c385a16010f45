import { countTokens as count } from "gpt-tokenizer";

// User text may contain strings like "<|endoftext|>": they are counted as plain text, never rejected.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of a text under o200k_base, the encoding of the current OpenAI chat models. */
export function countTokens(text: string): number {
  return text ? count(text, PLAIN_TEXT) : 0;
}

/** Chat framing per message (role markers) and for priming the reply, as OpenAI documents it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;

export function countMessagesTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + countTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
}
