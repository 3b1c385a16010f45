import "server-only";
import type { AppEventRow } from "@/db/schema";
import { preencoded, type SseEvent } from "@/lib/ai/sse";
import type { ChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { getEventBus } from "./bus";
import { trackPresence } from "./presence";
import type { EventAudience } from "./queries";
import { READY_EVENT, RESYNC_EVENT, type AppEvent } from "./schemas";

/** A stream whose reader fell this far behind is closed; the client reconnects and replays from the table. */
const MAX_BUFFERED = 500;

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
 * The caller's live events as SSE: what they missed since `lastEventId` first (or one `resync`), then
 * each new event as it is committed, until `close` or the reader falls too far behind.
 */
export async function openEventStream(
  caller: ChatCaller,
  input: { lastEventId: string | null },
): Promise<{ events: AsyncIterable<SseEvent>; close: () => void }> {
  const audience = audienceOf(caller);
  const buffered: SseEvent[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const push = (event: SseEvent) => {
    if (closed) return;
    if (buffered.length >= MAX_BUFFERED) {
      close();
      return;
    }
    buffered.push(event);
    wake?.();
  };
  const { unsubscribe, position } = await getEventBus().subscribe({
    audience,
    lastEventId: parseLastEventId(input.lastEventId),
    sink: {
      event: (row) => push(wireOf(row)),
      resync: () => push({ event: RESYNC_EVENT, data: { reason: "The events since your last one are no longer kept; fetch what you show again." } }),
    },
  });
  // Sent before everything else (the replay is already buffered behind it), so even a client that
  // hears nothing else knows where to resume.
  buffered.unshift({ event: READY_EVENT, id: String(position), data: {} });
  const endPresence = trackPresence(audience);
  function close() {
    if (closed) return;
    closed = true;
    unsubscribe();
    endPresence();
    wake?.();
  }

  async function* events(): AsyncGenerator<SseEvent> {
    try {
      for (;;) {
        while (buffered.length) yield buffered.shift()!;
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    } finally {
      close();
    }
  }

  return { events: events(), close };
}
