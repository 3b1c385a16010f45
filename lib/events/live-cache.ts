import { z } from "zod";
import { chatMessageSchema, type ChatMessageDto } from "@/lib/chat/schemas";
import type { AppEvent } from "./schemas";

/**
 * What a signed-in tab does with each live event, as plain data: `liveUpdates` decides, the pure
 * updaters of lib/events/cached-lists.ts change cached lists, and hooks/use-live-events.ts only maps
 * each update onto the tab's queries. The same updaters serve the tab's own renames and deletes.
 */

export type LiveContext = {
  /** The signed-in member: only their own balance is theirs to show (an admin hears every member's). */
  userId: string;
  /** The conversations in the tab's loaded list. */
  listed: ReadonlySet<string>;
  /** Conversations this tab is streaming an answer into: its own stream shows them, and its refresh at the end stores them. */
  streaming: ReadonlySet<string>;
  /** Conversations this tab is deleting or deleted itself: it moves on from them without showing them as missing. */
  deleting: ReadonlySet<string>;
  /** When the tab received the event, by its own clock (ms). */
  now: number;
};

export type LiveUpdate =
  | { kind: "refetch-sessions" }
  | { kind: "rename-session"; sessionId: string; title: string }
  /** `forget`: the conversation's own views show it as missing (deleted elsewhere). */
  | { kind: "drop-session"; sessionId: string; forget: boolean }
  | { kind: "refetch-history"; sessionId: string }
  | { kind: "put-message"; message: ChatMessageDto }
  | { kind: "set-credits"; balance: number }
  /** The business wallet's new balance (admins hear it): the ledger's rows come with its next read. */
  | { kind: "set-wallet-balance"; balance: number }
  /** A person of the business typing in one of the member's conversations (null: stopped). */
  | { kind: "set-typing"; sessionId: string; typing: { name: string; until: number } | null }
  /** Conversations that still showed an answer being written, as it may have finished unheard. */
  | { kind: "refetch-unsettled" }
  /** The member's purchases (a proposal confirmed in another tab or device shows as purchased). */
  | { kind: "refetch-purchases" }
  | { kind: "refetch-all" };

// The data of each event type as lib/events/publish.ts writes it; anything else is skipped.
const sessionEventData = z.object({
  action: z.string(),
  session: z.object({ id: z.string(), title: z.string().optional(), channel: z.string().optional() }),
});
const messageEventData = z.object({ action: z.enum(["created", "completed"]), sessionId: z.string(), message: chatMessageSchema });
const memberCreditsData = z.object({ userId: z.string(), balance: z.number().int() });
const walletCreditsData = z.object({ wallet: z.literal(true), balance: z.number().int() });
const typingData = z.object({ sessionId: z.string(), who: z.object({ kind: z.string(), name: z.string() }), on: z.boolean(), expiresAt: z.string() });
const readData = z.object({ sessionId: z.string() });
const purchaseData = z.object({ purchase: z.object({ userId: z.string() }) });

/** The updates one event calls for in a tab with `context`. */
export function liveUpdates(event: AppEvent, context: LiveContext): LiveUpdate[] {
  switch (event.type) {
    case "session":
      return sessionUpdates(event.data, context);
    case "message":
      return messageUpdates(event.data, context);
    case "credits": {
      const wallet = walletCreditsData.safeParse(event.data);
      if (wallet.success) return [{ kind: "set-wallet-balance", balance: wallet.data.balance }];
      const parsed = memberCreditsData.safeParse(event.data);
      return parsed.success && parsed.data.userId === context.userId ? [{ kind: "set-credits", balance: parsed.data.balance }] : [];
    }
    case "typing": {
      // Only a person answering in the member's own conversation is shown typing to them.
      const parsed = typingData.safeParse(event.data);
      if (!parsed.success || parsed.data.who.kind !== "agent" || !context.listed.has(parsed.data.sessionId)) return [];
      const { sessionId, who, on, expiresAt } = parsed.data;
      // As long after its arrival as the server gave it: a browser whose clock is off still shows it for the right time.
      const lasts = Math.max(0, Date.parse(expiresAt) - Date.parse(event.at)) || 0;
      return [{ kind: "set-typing", sessionId, typing: on ? { name: who.name, until: context.now + lasts } : null }];
    }
    case "read": {
      // "Seen" comes with the conversation's details in the list.
      const parsed = readData.safeParse(event.data);
      return parsed.success && context.listed.has(parsed.data.sessionId) ? [{ kind: "refetch-sessions" }] : [];
    }
    case "purchase": {
      // An admin hears every member's purchases; the inbox refreshes the lists those show.
      const parsed = purchaseData.safeParse(event.data);
      return parsed.success && parsed.data.purchase.userId === context.userId ? [{ kind: "refetch-purchases" }] : [];
    }
    default:
      return [];
  }
}

function sessionUpdates(data: unknown, context: LiveContext): LiveUpdate[] {
  const parsed = sessionEventData.safeParse(data);
  if (!parsed.success) return [];
  const { action, session } = parsed.data;
  const listed = context.listed.has(session.id);
  switch (action) {
    case "created":
      // A member's list holds only their own member conversations; an admin also hears other channels'.
      return session.channel === undefined || session.channel === "member" ? [{ kind: "refetch-sessions" }] : [];
    case "renamed":
      return listed && session.title !== undefined ? [{ kind: "rename-session", sessionId: session.id, title: session.title }] : [];
    case "deleted":
      return [{ kind: "drop-session", sessionId: session.id, forget: !context.deleting.has(session.id) }];
    case "cleared":
      return context.streaming.has(session.id) ? [] : [{ kind: "refetch-history", sessionId: session.id }];
    default:
      return listed ? [{ kind: "refetch-sessions" }] : [];
  }
}

function messageUpdates(data: unknown, context: LiveContext): LiveUpdate[] {
  const parsed = messageEventData.safeParse(data);
  if (!parsed.success) return [];
  const { action, sessionId, message } = parsed.data;
  if (context.streaming.has(sessionId)) return [];
  const updates: LiveUpdate[] = [{ kind: "put-message", message }];
  // A person's message ends their typing.
  if (message.role === "agent") updates.push({ kind: "set-typing", sessionId, typing: null });
  // A new question moves its conversation to the top (and may title it), as a person's reply does. A
  // member's own messages carry their role; a website visitor's do not, so an admin's list is not
  // refetched for those.
  const listed = context.listed.has(sessionId);
  if (action === "created" && (message.role === "agent" ? listed : message.role === "user" && (listed || message.userRoleAtTime !== null))) {
    updates.push({ kind: "refetch-sessions" });
  }
  return updates;
}

/**
 * Where the tab's first connection resumes: the position its page was rendered at (from the page's
 * first data, RenderedEventPosition), when the page was rendered for this member; else nowhere.
 */
export function renderedPosition(rendered: unknown, userId: string): string | null {
  const parsed = renderedEventPositionSchema.safeParse(rendered);
  return parsed.success && parsed.data.userId === userId ? parsed.data.position : null;
}

const renderedEventPositionSchema = z.object({ userId: z.string(), position: z.string().regex(/^\d+$/) });

/**
 * When the stream (re)opens. A connection that resumed from a known position (an event seen, or the
 * position the page was rendered at) got what was missed in between; a first connection without one
 * may have opened just after the tab read an answer still being written. One that opened only after
 * failed tries (`retried`: offline, a token that could not be had) may have missed anything meanwhile.
 */
export function openUpdates({ first, resumed, retried = false }: { first: boolean; resumed: boolean; retried?: boolean }): LiveUpdate[] {
  if (resumed) return [];
  return first && !retried ? [{ kind: "refetch-unsettled" }] : [{ kind: "refetch-all" }];
}
