import { createParser } from "eventsource-parser";
import { appEventSchema, EVENT_STREAM_RETRY_MS, READY_EVENT, RESYNC_EVENT, type AppEvent } from "./schemas";

/**
 * The reading side of GET /api/events, shared by the browser and the tests: a parser that validates
 * each event with the shared contract, and a connection that reconnects with Last-Event-ID so nothing
 * is missed between two connections.
 */

export type AppEventHandlers = {
  onEvent: (event: AppEvent) => void;
  /** What the client shows may be out of date (its last event is no longer kept): refetch it. */
  onResync: () => void;
  /** The stream is open and stands at `id` (its first event). */
  onReady?: (id: string) => void;
  /** An event the contract refused (the app skips it; the tests' harness fails on it). */
  onInvalid?: (message: { event?: string; data: string }) => void;
};

/** A push parser: feed it text as it arrives; each whole event is handed on. */
export function createAppEventParser(handlers: AppEventHandlers): { feed: (text: string) => void } {
  const parser = createParser({
    onEvent(message) {
      if (message.event === RESYNC_EVENT) {
        handlers.onResync();
        return;
      }
      if (message.event === READY_EVENT) {
        if (message.id) handlers.onReady?.(message.id);
        return;
      }
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        handlers.onInvalid?.(message);
        return;
      }
      const parsed = appEventSchema.safeParse(data);
      if (parsed.success && parsed.data.id === message.id) handlers.onEvent(parsed.data);
      else handlers.onInvalid?.(message);
    },
  });
  return { feed: (text) => parser.feed(text) };
}

export type EventConnection = { close: () => void };

/**
 * Keeps the caller's event stream open: reads it, and after a drop reconnects (after `retryMs`, longer
 * after repeated failures) with the id of the last event seen. `authorization` is asked for on every
 * connect, so a refreshed token is used; null (no token to be had now, as when minting one failed) is
 * asked for again after the wait, as a failed connect is: the caller closes the connection when nobody is signed in.
 * `from`: the position the first connect resumes from (where the page's data was read), if any.
 */
export function connectEventStream(input: {
  url?: string;
  authorization: () => Promise<string | null>;
  handlers: AppEventHandlers;
  fetch?: typeof fetch;
  retryMs?: number;
  from?: string | null;
  /** A new authorization after `sent` was refused as expired (401), tried at once; null gives up on it. */
  renewAuthorization?: (sent: string) => Promise<string | null>;
}): EventConnection {
  const controller = new AbortController();
  const doFetch = input.fetch ?? fetch;
  let lastEventId: string | null = input.from ?? null;
  let failures = 0;

  const run = async () => {
    while (!controller.signal.aborted) {
      let endedAfterServing = false;
      try {
        const authorization = await input.authorization();
        if (!authorization) throw new Error("No authorization yet.");
        const connect = (sent: string) =>
          doFetch(input.url ?? "/api/events", {
            headers: { authorization: sent, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
            signal: controller.signal,
            cache: "no-store",
          });
        let response = await connect(authorization);
        if (response.status === 401 && input.renewAuthorization) {
          const renewed = await input.renewAuthorization(authorization);
          if (renewed) {
            await response.body?.cancel();
            response = await connect(renewed);
          }
        }
        if (!response.ok || !response.body) throw new Error(`The event stream answered ${response.status}.`);
        failures = 0;
        const parser = createAppEventParser({
          ...input.handlers,
          onEvent: (event) => {
            lastEventId = event.id;
            input.handlers.onEvent(event);
          },
          onReady: (id) => {
            lastEventId = id;
            input.handlers.onReady?.(id);
          },
        });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const openedAt = Date.now();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        // The server ends a stream whose token expired: one that served a while is resumed at once,
        // one that ends as soon as it opens is retried after the usual wait.
        endedAfterServing = Date.now() - openedAt >= (input.retryMs ?? EVENT_STREAM_RETRY_MS);
      } catch {
        if (controller.signal.aborted) return;
        failures += 1;
      }
      if (endedAfterServing) continue;
      const wait = Math.min((input.retryMs ?? EVENT_STREAM_RETRY_MS) * 2 ** Math.min(failures, 4), 60_000);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  void run();
  return { close: () => controller.abort() };
}
