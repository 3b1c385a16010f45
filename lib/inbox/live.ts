import { z } from "zod";
import { chatMessageSchema, type ChatMessageDto } from "@/lib/chat/schemas";
import { SESSION_STATUSES, type SessionStatus } from "@/lib/chat/vocabulary";
import type { AppEvent } from "@/lib/events/schemas";
import type { StoppedTyper, Typer } from "@/lib/inbox/typers";

/**
 * What the support inbox does with each live event, as plain data: `inboxUpdates` decides and
 * hooks/use-inbox.ts applies the updates to the tab's queries (typing signals: lib/inbox/typers.ts).
 * Loaded with the tab's live connection (hooks/use-live-events.ts), not with the inbox page.
 */

export type InboxUpdate =
  /** The conversation list (its order, previews, unread counts and statuses) may have changed. */
  | { kind: "refetch-inbox" }
  /** The conversation's details (status, read mark) changed. */
  | { kind: "refetch-conversation"; sessionId: string }
  | { kind: "set-status"; sessionId: string; status: SessionStatus }
  | { kind: "put-message"; message: ChatMessageDto }
  | { kind: "set-typer"; sessionId: string; typer: Typer }
  | { kind: "drop-typers"; sessionId: string; who: StoppedTyper }
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
      // Deleted by its owner: a pane that has it open says it is gone, instead of offering a reply that fails.
      if (action === "deleted") return [{ kind: "refetch-conversation", sessionId: session.id }, { kind: "refetch-inbox" }];
      return [{ kind: "refetch-inbox" }];
    }
    case "message": {
      const parsed = messageData.safeParse(event.data);
      if (!parsed.success) return [];
      const { message, sessionId } = parsed.data;
      const updates: InboxUpdate[] = [{ kind: "put-message", message }, { kind: "refetch-inbox" }];
      // A message sent ends its writer's "typing" (not a colleague's, still writing): an agent message
      // names its author, not their id.
      if (message.role === "user") updates.push({ kind: "drop-typers", sessionId, who: { kind: "owner" } });
      if (message.role === "agent") updates.push({ kind: "drop-typers", sessionId, who: { kind: "agent", ...(message.authorName ? { name: message.authorName } : {}) } });
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
