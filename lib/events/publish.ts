import "server-only";
import type { Database } from "@/db/client";
import type { ChatSession } from "@/db/schema";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import { insertEvents, type NewEvent } from "./queries";

/**
 * The live events of each kind of change, addressed to those allowed to see it: a conversation's
 * events to its owner (member or end user) and the business's admins; a balance to its member and
 * the admins. Each is written by `publishEvents` in the transaction of its change, as its last write.
 */

type SessionOwnerIds = Pick<ChatSession, "id" | "businessId" | "userId" | "endUserId" | "channel">;

/**
 * An event about a conversation, for its owner and the admins. An end user's stream is a website
 * visitor's, who may read only the widget's conversations: one the business's server holds with the same
 * end user over the API is not addressed to them.
 */
function aboutSession(session: SessionOwnerIds, type: NewEvent["type"], data: Record<string, unknown>): NewEvent {
  const endUserId = session.channel === "widget" ? session.endUserId : null;
  return { businessId: session.businessId, type, userId: session.userId, endUserId, forAdmins: true, sessionId: session.id, data };
}

export function messageEvent(session: SessionOwnerIds, action: "created" | "completed", message: ChatMessageDto): NewEvent {
  return aboutSession(session, "message", { action, sessionId: session.id, message });
}

export type SessionAction = "created" | "renamed" | "deleted" | "cleared" | "handoff";

export function sessionEvent(
  session: SessionOwnerIds & Partial<Pick<ChatSession, "title" | "channel" | "lastActivityAt" | "handler">>,
  action: SessionAction,
  extra: Record<string, unknown> = {},
): NewEvent {
  return aboutSession(session, "session", {
    action,
    session: {
      id: session.id,
      ...(session.title !== undefined ? { title: session.title } : {}),
      ...(session.channel !== undefined ? { channel: session.channel } : {}),
      ...(session.lastActivityAt !== undefined ? { lastActivityAt: session.lastActivityAt.toISOString() } : {}),
      ...(session.handler !== undefined ? { status: session.handler } : {}),
    },
    ...extra,
  });
}

/** Who answers the conversation changed: `agent` is the person who took it over, when one did. */
export function handoffEvent(session: SessionOwnerIds & Pick<ChatSession, "handler">, agent: { id: string; name: string } | null, reason?: string): NewEvent {
  return sessionEvent(session, "handoff", { status: session.handler, agent, ...(reason ? { reason } : {}) });
}

/** Someone is typing in the conversation (or stopped); clients switch it off themselves at `expiresAt`. */
export function typingEvent(
  session: SessionOwnerIds,
  input: { who: { kind: "owner" | "agent"; id: string; name: string }; on: boolean; expiresAt: Date },
): NewEvent {
  return aboutSession(session, "typing", { sessionId: session.id, who: input.who, on: input.on, expiresAt: input.expiresAt.toISOString() });
}

/** A person of the business has read the conversation up to a message ("Seen" for its owner). */
export function readEvent(session: SessionOwnerIds, input: { by: { id: string; name: string }; upToMessageId: string; at: Date }): NewEvent {
  return aboutSession(session, "read", { sessionId: session.id, by: input.by, upToMessageId: input.upToMessageId, at: input.at.toISOString() });
}

/** A member's balance (`userId`), or the business wallet's (`userId` null: admins only). */
export function creditsEvent(input: { businessId: string; userId: string | null; balance: number }): NewEvent {
  return {
    businessId: input.businessId,
    type: "credits",
    userId: input.userId,
    endUserId: null,
    forAdmins: true,
    sessionId: null,
    data: input.userId ? { userId: input.userId, balance: input.balance } : { wallet: true, balance: input.balance },
  };
}

export function purchaseEvent(input: { businessId: string; userId: string; sessionId: string | null; purchase: Record<string, unknown> }): NewEvent {
  return { businessId: input.businessId, type: "purchase", userId: input.userId, endUserId: null, forAdmins: true, sessionId: input.sessionId, data: { purchase: input.purchase } };
}

/** A member came online or went away, for the business's admins. */
export function presenceEvent(input: { businessId: string; userId: string; online: boolean; lastSeenAt: Date }): NewEvent {
  return {
    businessId: input.businessId,
    type: "presence",
    userId: null,
    endUserId: null,
    forAdmins: true,
    sessionId: null,
    data: { userId: input.userId, online: input.online, lastSeenAt: input.lastSeenAt.toISOString() },
  };
}

/** Stores and announces the events of one business; the last write of the caller's transaction. */
export async function publishEvents(tx: Database, businessId: string, rows: NewEvent[]): Promise<void> {
  await insertEvents(tx, { businessId, rows });
}

/**
 * An event's data as a conversation's owner receives it: the people of the business who take it over,
 * type in it or read it are named, and their account ids, which only the business's admins use, are left
 * out (a website visitor never learns them).
 */
export function ownersViewOf(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const named = (person: unknown) => ({ name: (person as { name?: unknown }).name });
  if (type === "session" && data.agent) return { ...data, agent: named(data.agent) };
  if (type === "typing" && (data.who as { kind?: unknown } | undefined)?.kind === "agent") return { ...data, who: { kind: "agent", ...named(data.who) } };
  if (type === "read" && data.by) return { ...data, by: named(data.by) };
  return data;
}
