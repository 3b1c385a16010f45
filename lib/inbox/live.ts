import { z } from "zod";
import { chatMessageSchema, type ChatMessageDto } from "@/lib/chat/schemas";
import { SESSION_STATUSES, type SessionStatus } from "@/lib/chat/vocabulary";
import type { AppEvent } from "@/lib/events/schemas";

/**
 * What the support inbox does with each live event, as plain data: `inboxUpdates` decides and
 * hooks/use-inbox.ts applies the updates to the tab's queries. Typing signals are kept as a small
 * list per conversation, each ending by itself at its `expiresAt`.
 */

/** Someone typing in a conversation: its owner, or a person of the business answering it. */
export type Typer = { kind: "owner" | "agent"; id: string; name: string; expiresAt: string };

export type InboxUpdate =
  /** The conversation list (its order, previews, unread counts and statuses) may have changed. */
  | { kind: "refetch-inbox" }
  /** The conversation's details (status, read mark) changed. */
  | { kind: "refetch-conversation"; sessionId: string }
  | { kind: "set-status"; sessionId: string; status: SessionStatus }
  | { kind: "put-message"; message: ChatMessageDto }
  | { kind: "set-typer"; sessionId: string; typer: Typer }
  | { kind: "drop-typers"; sessionId: string; who: { kind: Typer["kind"]; id?: string } }
  | { kind: "refetch-ledger"; userId: string }
  | { kind: "refetch-purchases" };

// The data of each event type as lib/events/publish.ts writes it; anything else is skipped.
const sessionData = z.object({
  action: z.string(),
  session: z.object({ id: z.string() }),
  status: z.enum(SESSION_STATUSES).optional(),
});
const messageData = z.object({ action: z.enum(["created", "completed"]), sessionId: z.string(), message: chatMessageSchema });
const typingData = z.object({
  sessionId: z.string(),
  who: z.object({ kind: z.enum(["owner", "agent"]), id: z.string(), name: z.string() }),
  on: z.boolean(),
  expiresAt: z.string(),
});
const readData = z.object({ sessionId: z.string() });
const memberCreditsData = z.object({ userId: z.string(), balance: z.number() });

/**
 * The updates one event calls for in the inbox of the signed-in admin `selfId`, received at `now`
 * (ms). A typing signal lasts as long after its arrival as the server gave it, so a browser whose
 * clock is off still shows it for the right time.
 */
export function inboxUpdates(event: AppEvent, { selfId, now }: { selfId: string; now: number }): InboxUpdate[] {
  switch (event.type) {
    case "session": {
      const parsed = sessionData.safeParse(event.data);
      if (!parsed.success) return [];
      const { action, session, status } = parsed.data;
      if (action === "handoff" && status) {
        return [{ kind: "set-status", sessionId: session.id, status }, { kind: "refetch-conversation", sessionId: session.id }, { kind: "refetch-inbox" }];
      }
      return [{ kind: "refetch-inbox" }];
    }
    case "message": {
      const parsed = messageData.safeParse(event.data);
      if (!parsed.success) return [];
      const { message, sessionId } = parsed.data;
      const updates: InboxUpdate[] = [{ kind: "put-message", message }, { kind: "refetch-inbox" }];
      // A message sent ends its writer's "typing"; an agent message names its author, not their id.
      if (message.role === "user") updates.push({ kind: "drop-typers", sessionId, who: { kind: "owner" } });
      if (message.role === "agent") updates.push({ kind: "drop-typers", sessionId, who: { kind: "agent" } });
      return updates;
    }
    case "typing": {
      const parsed = typingData.safeParse(event.data);
      if (!parsed.success) return [];
      const { sessionId, who, on, expiresAt } = parsed.data;
      // The admin's own signal, echoed back by the server, is not news to them.
      if (who.id === selfId) return [];
      const lasts = Date.parse(expiresAt) - Date.parse(event.at);
      return on
        ? [{ kind: "set-typer", sessionId, typer: { ...who, expiresAt: new Date(now + (Number.isFinite(lasts) ? Math.max(0, lasts) : 0)).toISOString() } }]
        : [{ kind: "drop-typers", sessionId, who: { kind: who.kind, id: who.id } }];
    }
    case "read": {
      const parsed = readData.safeParse(event.data);
      return parsed.success ? [{ kind: "refetch-conversation", sessionId: parsed.data.sessionId }, { kind: "refetch-inbox" }] : [];
    }
    case "credits": {
      // The business wallet's balance ({wallet: true}) is no member's and fails this parse.
      const parsed = memberCreditsData.safeParse(event.data);
      return parsed.success ? [{ kind: "refetch-ledger", userId: parsed.data.userId }] : [];
    }
    case "purchase":
      return [{ kind: "refetch-purchases" }];
    default:
      return [];
  }
}

// ---- typing ---------------------------------------------------------------------------------

/** The conversation's typers with `typer` in it (a renewed signal replaces the older one). */
export function withTyper(typers: readonly Typer[] | undefined, typer: Typer): Typer[] {
  return [...(typers ?? []).filter((t) => !(t.kind === typer.kind && t.id === typer.id)), typer];
}

/** The typers left after `who` stopped: one person by id, or everyone of that kind. */
export function withoutTypers(typers: readonly Typer[] | undefined, who: { kind: Typer["kind"]; id?: string }): Typer[] {
  return (typers ?? []).filter((t) => !(t.kind === who.kind && (who.id === undefined || t.id === who.id)));
}

/** Those still typing at `now` (ms). */
export function activeTypers(typers: readonly Typer[] | undefined, now: number): Typer[] {
  return (typers ?? []).filter((t) => Date.parse(t.expiresAt) > now);
}

/** When the first of the signals runs out (ms; possibly already past), or null when there is none. */
export function firstTypingExpiry(typers: readonly Typer[] | undefined): number | null {
  const ends = (typers ?? []).map((t) => Date.parse(t.expiresAt)).map((end) => (Number.isFinite(end) ? end : 0));
  return ends.length > 0 ? Math.min(...ends) : null;
}

/** "Vic is typing…", "Vic and Ada are typing…", or null. */
export function typingLabel(typers: readonly Typer[]): string | null {
  const names = [...new Set(typers.map((t) => t.name))];
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}
