import { NextRequest } from "next/server";

export type ParsedEvent = { event: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary payloads

/** Splits a text/event-stream body into its events (the app sends one `data:` line per event). */
export function parseSse(text: string): ParsedEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() && !block.startsWith(":"))
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) };
    });
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
  const response = await handler(request, { params: Promise.resolve({}) });
  return response;
}

/** Reads SSE events one at a time from a streaming Response. */
export function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const queue: ParsedEvent[] = [];
  return {
    reader,
    async next(): Promise<ParsedEvent | null> {
      for (;;) {
        if (queue.length) return queue.shift()!;
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
        let index: number;
        while ((index = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, index + 2);
          buffer = buffer.slice(index + 2);
          queue.push(...parseSse(block));
        }
      }
    },
    async rest(): Promise<ParsedEvent[]> {
      const events: ParsedEvent[] = [];
      for (let event = await this.next(); event; event = await this.next()) events.push(event);
      return events;
    },
  };
}
