/**
 * `id`, when given, is what a reconnecting client sends back as Last-Event-ID. `encoded`, when given,
 * is this event already formatted and encoded: one event fanned out to many streams is serialised once.
 */
export type SseEvent = { event: string; data: unknown; id?: string; encoded?: Uint8Array };

/** The event with its bytes computed now, for sending the same event on many streams. */
export function preencoded(event: SseEvent): SseEvent {
  return { ...event, encoded: encoder.encode(formatSse(event)) };
}

const encoder = new TextEncoder();

/** One server-sent event; JSON never contains a raw newline, so `data:` is always a single line. */
export function formatSse(event: SseEvent): string {
  const id = event.id === undefined ? "" : `id: ${event.id.replace(/[\r\n\0]/g, "")}\n`;
  return `${id}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Proxies such as nginx would otherwise buffer the stream and the user would see nothing until the end.
  "x-accel-buffering": "no",
} as const;

/**
 * A text/event-stream Response fed by `events`. When the reader goes away (`cancel`), `onCancel`
 * runs so the producer can stop its upstream work; the iterator is then drained by the producer.
 */
export function sseResponse(
  events: AsyncIterable<SseEvent>,
  options: { onCancel?: () => void; headers?: Record<string, string>; heartbeatMs?: number; retryMs?: number } = {},
): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string | Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(typeof text === "string" ? encoder.encode(text) : text);
        } catch {
          closed = true;
        }
      };
      if (options.retryMs) send(`retry: ${options.retryMs}\n\n`);
      if (options.heartbeatMs) heartbeat = setInterval(() => send(": keep-alive\n\n"), options.heartbeatMs);
      try {
        for await (const event of events) send(event.encoded ?? formatSse(event));
      } finally {
        if (heartbeat) clearInterval(heartbeat);
        if (!closed) {
          closed = true;
          controller.close();
        }
      }
    },
    cancel() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      options.onCancel?.();
    },
  });
  return new Response(stream, { status: 200, headers: { ...SSE_HEADERS, ...options.headers } });
}
