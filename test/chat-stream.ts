import { NextRequest } from "next/server";
import { createChatEventParser } from "@/lib/chat/stream-reader";
import type { ChatEvent } from "@/lib/chat/schemas";

/**
 * SSE in tests is read with the app's own reader (lib/chat/stream-reader.ts), validated by the
 * shared contract. Where the app skips an event the contract refuses, the tests fail on it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read payloads without narrowing the union first
export type ParsedEvent = { event: ChatEvent["event"]; data: any };

function strictParser(onEvent: (event: ChatEvent) => void) {
  return createChatEventParser({
    onEvent,
    onInvalid: (message) => {
      throw new Error(`The stream sent an event outside the chat contract: ${message.event ?? "(unnamed)"} ${message.data}`);
    },
  });
}

/** Every event of a whole text/event-stream body, in order. */
export function parseSse(text: string): ParsedEvent[] {
  const events: ChatEvent[] = [];
  strictParser((event) => events.push(event)).feed(text);
  return events;
}

type Handler = (request: NextRequest, segment: { params: Promise<Record<string, never>> }) => Promise<Response>;

/** POSTs to the chat route with Accept: text/event-stream and an abort signal the test controls. */
export async function openChatStream(handler: Handler, input: { token: string; body: unknown; signal?: AbortSignal }) {
  const request = new NextRequest("http://localhost/api/chat", {
    method: "POST",
    headers: { authorization: `Bearer ${input.token}`, accept: "text/event-stream", "content-type": "application/json" },
    body: JSON.stringify(input.body),
    signal: input.signal,
  });
  return handler(request, { params: Promise.resolve({}) });
}

/** Reads SSE events one at a time from a streaming Response; `reader` is there to cancel it. */
export function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: ParsedEvent[] = [];
  const parser = strictParser((event) => queue.push(event));
  return {
    reader,
    async next(): Promise<ParsedEvent | null> {
      for (;;) {
        if (queue.length) return queue.shift()!;
        const { done, value } = await reader.read();
        if (done) return null;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    },
    async rest(): Promise<ParsedEvent[]> {
      const events: ParsedEvent[] = [];
      for (let event = await this.next(); event; event = await this.next()) events.push(event);
      return events;
    },
  };
}
