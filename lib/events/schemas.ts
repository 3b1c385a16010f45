import { z } from "zod";
import type { EVENT_TYPES } from "@/db/schema";

/** The live events of GET /api/events, shared by the server that writes them and the browser that reads them. */
export const APP_EVENT_TYPES = ["message", "session", "typing", "read", "presence", "credits", "purchase"] as const;
export type AppEventType = (typeof APP_EVENT_TYPES)[number];

/** One event as the stream sends it (SSE `id:` is the same `id`). */
export const appEventSchema = z.object({
  type: z.enum(APP_EVENT_TYPES),
  id: z.string(),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AppEvent = z.infer<typeof appEventSchema>;

/** The first event of every stream, carrying only the id the stream stands at (where a reconnect resumes). */
export const READY_EVENT = "ready";

/** Sent instead of a replay when what the client missed is no longer kept: it should refetch what it shows. */
export const RESYNC_EVENT = "resync";

/**
 * Where a page rendered on the server stood in its member's live events, handed to the tab's query cache
 * with the page's first data: the tab's first connection resumes from it, so what is committed between
 * the render and that connection is replayed rather than lost.
 */
export const RENDERED_EVENT_POSITION_KEY = ["events", "rendered-at"] as const;
export type RenderedEventPosition = { userId: string; position: string };

/** How often the stream sends a comment so proxies keep it open, and how soon a client reconnects. */
export const EVENT_STREAM_HEARTBEAT_MS = 15_000;
export const EVENT_STREAM_RETRY_MS = 3_000;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agrees<T extends true> = T;
/** Compile-time proof that the wire's event types are the stored ones. */
export type EventTypesAgree = Agrees<Same<AppEventType, (typeof EVENT_TYPES)[number]>>;
