import { createParser } from "eventsource-parser";
import { chatEventSchema, type ChatEvent } from "./schemas";

/**
 * Reads the events of one streamed turn of POST /api/chat and validates each with the shared
 * contract; ./stream-client.ts folds them. Its own module because it brings zod: the chat page loads
 * it after its first paint (hooks/use-chat.ts), not with it.
 */

/**
 * Turns one server-sent event into a typed event, or null for anything the contract does not
 * know (a newer server may add events; an unknown or malformed one must not break the answer).
 */
export function parseChatEvent(message: { event?: string; data: string }): ChatEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  const parsed = chatEventSchema.safeParse({ event: message.event, data });
  return parsed.success ? parsed.data : null;
}

export type ChatEventHandlers = {
  onEvent: (event: ChatEvent) => void;
  /** An event the contract refused (the app skips it; the tests' harness fails on it). */
  onInvalid?: (message: { event?: string; data: string }) => void;
};

/** A push parser: feed it text as it arrives, in pieces of any size; each whole event is handed on. */
export function createChatEventParser(handlers: ChatEventHandlers): { feed: (text: string) => void } {
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message);
      if (event) handlers.onEvent(event);
      else handlers.onInvalid?.(message);
    },
  });
  return { feed: (text) => parser.feed(text) };
}

/**
 * Reads a `text/event-stream` body to its end, handing each valid event on. Bytes are decoded in
 * streaming mode so a multi-byte character split across chunks stays whole. Resolves when the body
 * ends; rejects with the reader's error (an AbortError after Stop).
 */
export async function readChatEvents({ body, ...handlers }: { body: ReadableStream<Uint8Array> } & ChatEventHandlers): Promise<void> {
  const parser = createChatEventParser(handlers);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) parser.feed(rest);
  } finally {
    reader.releaseLock();
  }
}
