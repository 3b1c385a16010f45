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
  options: { onCancel?: () => void; headers?: Record<string, string>; heartbeatMs?: number } = {},
): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          closed = true;
        }
      };
      if (options.heartbeatMs) heartbeat = setInterval(() => send(": keep-alive\n\n"), options.heartbeatMs);
      try {
        for await (const event of events) send(formatSse(event));
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

/**
 * A text/event-stream Response written to directly: `send` enqueues at once (no await per event), so
 * one event fanned out to many streams costs one enqueue each. `send` returns false once the stream is
 * closed, or when the reader has fallen more than `maxBufferedBytes` behind — the stream is then closed
 * (the client reconnects and catches up another way). `onClose` runs once, however it ends.
 */
export function sseChannel(
  options: { heartbeatMs?: number; retryMs?: number; maxBufferedBytes?: number; headers?: Record<string, string>; onClose?: () => void } = {},
): { response: Response; send: (event: SseEvent) => boolean; close: () => void } {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const finish = (closeStream: boolean) => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    if (closeStream) {
      try {
        controller?.close();
      } catch {
        // already errored or closed by the reader
      }
    }
    options.onClose?.();
  };
  // Events sent in one turn of the event loop (a batch the bus hands on) leave as one chunk.
  let pending: Uint8Array[] = [];
  const flush = () => {
    const chunks = pending;
    pending = [];
    if (closed || !controller || chunks.length === 0) return;
    try {
      controller.enqueue(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    } catch {
      finish(false);
      return;
    }
    if (options.maxBufferedBytes !== undefined && (controller.desiredSize ?? 0) < -options.maxBufferedBytes) finish(true);
  };
  const write = (bytes: Uint8Array): boolean => {
    if (closed || !controller) return false;
    if (pending.length === 0) queueMicrotask(flush);
    pending.push(bytes);
    return true;
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(ready) {
        controller = ready;
        if (options.retryMs) write(encoder.encode(`retry: ${options.retryMs}\n\n`));
        if (options.heartbeatMs) heartbeat = setInterval(() => write(encoder.encode(": keep-alive\n\n")), options.heartbeatMs);
      },
      cancel() {
        finish(false);
      },
    },
    // Counted in bytes, so `desiredSize` says how far the reader is behind.
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return {
    response: new Response(stream, { status: 200, headers: { ...SSE_HEADERS, ...options.headers } }),
    send: (event) => write(event.encoded ?? encoder.encode(formatSse(event))),
    close: () => finish(true),
  };
}

/** Whether the client asked for server-sent events (`Accept: text/event-stream`) rather than JSON. */
export function wantsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}
