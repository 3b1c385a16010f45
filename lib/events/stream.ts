import "server-only";
import { getDb } from "@/db/client";
import type { AppEventRow } from "@/db/schema";
import { preencoded, sseChannel, type SseEvent } from "@/lib/ai/sse";
import type { ChatCaller } from "@/lib/auth/caller";
import { getSharedCache } from "@/lib/cache/shared";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { getEventBus } from "./bus";
import { CoalescingWriter, type Piece } from "./coalesce";
import { ownersViewOf } from "./publish";
import { trackPresence } from "./presence";
import { latestEventId, type EventAudience } from "./queries";
import { EVENT_STREAM_HEARTBEAT_MS, EVENT_STREAM_RETRY_MS, READY_EVENT, RESYNC_EVENT, type AppEvent } from "./schemas";

/** A stream whose reader falls this far behind is closed; the client reconnects and replays from the table. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Under load, how often each stream is written at most (an event waits up to this long for others to
 * share its write); when events are rare they leave at once. One process writes every stream it holds
 * for each batch of events, so the writes, not the events, are what a busy instance runs out of: at
 * 1,000 streams and 50 messages a second, 50 ms instead of 25 took a quarter off the app's CPU and
 * half off the median delivery time (docs/PERFORMANCE.md, "Live events"): each write costs more than
 * the wait it saves.
 */
export const EVENT_STREAM_COALESCE_MS = 50;

const globalForWriter = globalThis as unknown as { __eventStreamWriter?: CoalescingWriter };
const writer = (globalForWriter.__eventStreamWriter ??= new CoalescingWriter({
  intervalMs: EVENT_STREAM_COALESCE_MS,
  onError: (error) => logger().error({ err: error }, "live event write failed"),
}));

export function toAppEvent(row: AppEventRow): AppEvent {
  return { type: row.type, id: String(row.id), at: row.createdAt.toISOString(), data: row.data };
}

function pieceOf(event: SseEvent): Piece {
  return { encoded: preencoded(event).encoded! };
}

// The bus hands the same row object to every stream it reaches: its bytes are made once for the
// admins and once for the conversation's owner (who does not see the admins' ids, ownersViewOf).
const wireOfRow = { admin: new WeakMap<AppEventRow, Piece>(), owner: new WeakMap<AppEventRow, Piece>() };

function wireOf(row: AppEventRow, audience: EventAudience): Piece {
  const made = audience.admin ? wireOfRow.admin : wireOfRow.owner;
  let wire = made.get(row);
  if (!wire) {
    const event = toAppEvent(row);
    wire = pieceOf({ event: row.type, id: event.id, data: audience.admin ? event : { ...event, data: ownersViewOf(row.type, row.data) } });
    made.set(row, wire);
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

/**
 * Where the business's live events stand now. A page reads it before any of its data, so an event of
 * a change its data does not show yet comes after it (lib/pages/viewer.ts).
 */
export function currentEventPosition(businessId: string): Promise<number> {
  return latestEventId(getDb(), { businessId });
}

/** "123" → 123; anything else (absent, garbage, negative) is no position at all. */
export function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** How often an open stream's caller is authorized again, for what no change announces (a key revoked, an end user's token). */
export const EVENT_STREAM_RECHECK_MS = 5 * 60_000;

// setTimeout holds at most 2^31 - 1 ms; a later end is rechecked on the way.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function sameAudience(a: EventAudience, b: EventAudience): boolean {
  return a.businessId === b.businessId && a.userId === b.userId && a.endUserId === b.endUserId && a.admin === b.admin;
}

/**
 * The caller's live events as an SSE response: `ready` with the position it starts at, what was missed
 * since `lastEventId` (or one `resync`), then each new event as it is committed — written as the bus
 * hands them on, several to a write when they come faster than EVENT_STREAM_COALESCE_MS apart — until
 * `close`, the reader leaving, or the reader falling too far behind.
 *
 * A stream is no licence beyond the credential that opened it: it ends when that credential expires
 * (`authorizedUntil`, epoch ms), and `reauthorize` (the request's own check, run again) decides whether
 * it may go on — at once when a member of the business is changed (a role, the active flag, a sign-out),
 * or, for a website visitor, the business (its identity secret or policy, a key revoked), and every
 * EVENT_STREAM_RECHECK_MS. A refusal, or the caller now hearing other events than before
 * (an admin demoted), ends it; the client reconnects and is authorized afresh.
 */
export async function openEventStream(
  caller: ChatCaller,
  input: { lastEventId: string | null; authorizedUntil?: number | null; reauthorize?: () => Promise<ChatCaller> },
): Promise<{ response: Response; close: () => void }> {
  const audience = audienceOf(caller);
  let unsubscribe: (() => void) | null = null;
  let endPresence: (() => void) | null = null;
  let closed = false;
  let expiry: ReturnType<typeof setTimeout> | null = null;
  let recheck: ReturnType<typeof setTimeout> | null = null;
  let stopWatchingMembers: (() => void) | null = null;
  // Everything after `retry:` goes through the outbox, so `ready`, a replay and live events keep their order.
  const outbox = writer.open((bytes) => {
    if (!closed) channel.send({ event: "", data: null, encoded: bytes });
  });
  const channel = sseChannel({
    heartbeatMs: EVENT_STREAM_HEARTBEAT_MS,
    retryMs: EVENT_STREAM_RETRY_MS,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    onClose: () => {
      closed = true;
      outbox.close();
      if (expiry) clearTimeout(expiry);
      if (recheck) clearTimeout(recheck);
      stopWatchingMembers?.();
      unsubscribe?.();
      endPresence?.();
    },
  });
  const reauthorize = input.reauthorize;
  const stillAllowed = async () => {
    if (closed || !reauthorize) return;
    try {
      if (!sameAudience(audienceOf(await reauthorize()), audience)) channel.close();
    } catch {
      channel.close();
    }
  };
  const recheckIn = (ms: number) => {
    recheck = setTimeout(() => {
      void stillAllowed();
      if (!closed) recheckIn(EVENT_STREAM_RECHECK_MS);
    }, ms);
    recheck.unref?.();
  };
  try {
    if (input.authorizedUntil != null) {
      const left = input.authorizedUntil - Date.now();
      if (left <= 0) throw new AppError("unauthorized", "The token has expired.");
      expiry = setTimeout(() => (left > LONGEST_TIMER_MS ? void stillAllowed() : channel.close()), Math.min(left, LONGEST_TIMER_MS));
      expiry.unref?.();
    }
    if (reauthorize) {
      recheckIn(EVENT_STREAM_RECHECK_MS);
      // A member is let in by their row; a visitor by the business's identity policy and its keys, which
      // announce themselves as a change of the business (a rotated identity secret, a revoked key).
      const watched = caller.kind === "member" ? "members" : "business";
      stopWatchingMembers = getSharedCache().onDrop((scope, businessId) => {
        if (scope === watched && (businessId === null || businessId === audience.businessId)) void stillAllowed();
      });
    }
    unsubscribe = await getEventBus().subscribe({
      audience,
      lastEventId: parseLastEventId(input.lastEventId),
      sink: {
        ready: (position) => outbox.send(pieceOf({ event: READY_EVENT, id: String(position), data: {} })),
        event: (row) => outbox.send(wireOf(row, audience)),
        resync: () => outbox.send(pieceOf({ event: RESYNC_EVENT, data: { reason: "The events since your last one are no longer kept; fetch what you show again." } })),
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
  } catch (error) {
    // Nothing of a stream that could not start is left running (its heartbeat, a subscription).
    channel.close();
    throw error;
  }
  return { response: channel.response, close: channel.close };
}
