import "server-only";
import type { AppEventRow } from "@/db/schema";
import { preencoded, sseChannel, type SseEvent } from "@/lib/ai/sse";
import type { ChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { getEventBus } from "./bus";
import { trackPresence } from "./presence";
import type { EventAudience } from "./queries";
import { EVENT_STREAM_HEARTBEAT_MS, EVENT_STREAM_RETRY_MS, READY_EVENT, RESYNC_EVENT, type AppEvent } from "./schemas";

/** A stream whose reader falls this far behind is closed; the client reconnects and replays from the table. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function toAppEvent(row: AppEventRow): AppEvent {
  return { type: row.type, id: String(row.id), at: row.createdAt.toISOString(), data: row.data };
}

// The bus hands the same row object to every stream it reaches: its bytes are made once.
const wireOfRow = new WeakMap<AppEventRow, SseEvent>();

function wireOf(row: AppEventRow): SseEvent {
  let wire = wireOfRow.get(row);
  if (!wire) {
    wire = preencoded({ event: row.type, id: String(row.id), data: toAppEvent(row) });
    wireOfRow.set(row, wire);
  }
  return wire;
}

/** Who the caller's stream is for: a member (an admin sees what is meant for admins) or a website visitor. */
export function audienceOf(caller: ChatCaller): EventAudience {
  switch (caller.kind) {
    case "member":
      return { businessId: caller.businessId, userId: caller.actor.id, endUserId: null, admin: caller.actor.role === "admin" };
    case "visitor":
      return { businessId: caller.businessId, userId: null, endUserId: caller.endUser.id, admin: false };
    case "api":
      throw new AppError("forbidden", "The event stream is for signed-in members and website visitors, not for API keys.");
  }
}

/** "123" → 123; anything else (absent, garbage, negative) is no position at all. */
export function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/**
 * The caller's live events as an SSE response: `ready` with the position it starts at, what was missed
 * since `lastEventId` (or one `resync`), then each new event as it is committed — written straight to
 * the stream as the bus hands them on, until `close`, the reader leaving, or the reader falling too
 * far behind.
 */
export async function openEventStream(caller: ChatCaller, input: { lastEventId: string | null }): Promise<{ response: Response; close: () => void }> {
  const audience = audienceOf(caller);
  let unsubscribe: (() => void) | null = null;
  let endPresence: (() => void) | null = null;
  let closed = false;
  const channel = sseChannel({
    heartbeatMs: EVENT_STREAM_HEARTBEAT_MS,
    retryMs: EVENT_STREAM_RETRY_MS,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    onClose: () => {
      closed = true;
      unsubscribe?.();
      endPresence?.();
    },
  });
  const send = (event: SseEvent) => {
    if (!closed) channel.send(event);
  };
  unsubscribe = await getEventBus().subscribe({
    audience,
    lastEventId: parseLastEventId(input.lastEventId),
    sink: {
      ready: (position) => send({ event: READY_EVENT, id: String(position), data: {} }),
      event: (row) => send(wireOf(row)),
      resync: () => send({ event: RESYNC_EVENT, data: { reason: "The events since your last one are no longer kept; fetch what you show again." } }),
    },
  });
  if (closed) {
    // The reader was gone (or fell behind during the replay) before the subscription was complete.
    unsubscribe();
    return { response: channel.response, close: channel.close };
  }
  const stopPresence = await trackPresence(audience);
  if (closed) stopPresence();
  else endPresence = stopPresence;
  return { response: channel.response, close: channel.close };
}
