import { NextRequest } from "next/server";
import { GET as eventsRoute } from "@/app/api/events/route";
import { createAppEventParser } from "@/lib/events/client";
import type { AppEvent } from "@/lib/events/schemas";

/**
 * A live event stream in a test: GET /api/events through the route handler, read with the app's own
 * parser (an event outside the contract fails the test). `next` waits for the next event or resync.
 */
export type StreamItem = AppEvent | { type: "resync" };

/**
 * `ignore`: event types the test does not look at — by default `presence`, which other tests' streams
 * opening and closing produce for admins at any moment.
 */
export async function openEventStream(input: { token?: string; headers?: Record<string, string>; lastEventId?: string; ignore?: string[] }) {
  const ignored = new Set(input.ignore ?? ["presence"]);
  const controller = new AbortController();
  const headers = new Headers(input.headers);
  if (input.token) headers.set("authorization", `Bearer ${input.token}`);
  headers.set("accept", "text/event-stream");
  if (input.lastEventId) headers.set("last-event-id", input.lastEventId);
  const request = new NextRequest("http://localhost/api/events", { headers, signal: controller.signal });
  const response = await eventsRoute(request, { params: Promise.resolve({}) });
  const items: StreamItem[] = [];
  let waiting = null as (() => void) | null;
  const parser = createAppEventParser({
    onEvent: (event) => {
      if (ignored.has(event.type)) return;
      items.push(event);
      waiting?.();
    },
    onResync: () => {
      items.push({ type: "resync" });
      waiting?.();
    },
    onInvalid: (message) => {
      throw new Error(`The stream sent an event outside the contract: ${message.event ?? "(unnamed)"} ${message.data}`);
    },
  });
  const reader = response.ok && response.body ? response.body.getReader() : null;
  let raw = "";
  let ended = false;
  void (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        parser.feed(text);
      }
    } catch {
      // closed by the test
    } finally {
      ended = true;
      waiting?.();
    }
  })();
  let read = 0;
  return {
    response,
    /** Everything received so far, as text (for the retry and heartbeat lines). */
    raw: () => raw,
    /** Whether the server has ended the stream (or the test closed it). */
    ended: () => ended,
    /** The next item, or null when nothing comes within `timeoutMs`. */
    async next(timeoutMs = 2_000): Promise<StreamItem | null> {
      const deadline = Date.now() + timeoutMs;
      while (read >= items.length) {
        if (ended) return null;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiting = null;
      }
      return items[read++]!;
    },
    /** The next `count` items; fails the test when they do not all come in time. */
    async take(count: number, timeoutMs = 3_000): Promise<StreamItem[]> {
      const taken: StreamItem[] = [];
      for (let i = 0; i < count; i++) {
        const item = await this.next(timeoutMs);
        if (!item) throw new Error(`Expected ${count} events, got ${taken.length}: ${JSON.stringify(taken.map((e) => e.type))}`);
        taken.push(item);
      }
      return taken;
    },
    /** Items that arrive within `ms` (to show that nothing more comes). */
    async drain(ms = 300): Promise<StreamItem[]> {
      const rest: StreamItem[] = [];
      for (let item = await this.next(ms); item; item = await this.next(ms)) rest.push(item);
      return rest;
    },
    close() {
      controller.abort();
      void reader?.cancel().catch(() => undefined);
    },
  };
}
