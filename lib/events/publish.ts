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

type SessionOwnerIds = Pick<ChatSession, "id" | "businessId" | "userId" | "endUserId">;

function aboutSession(session: SessionOwnerIds, type: NewEvent["type"], data: Record<string, unknown>): NewEvent {
  return { businessId: session.businessId, type, userId: session.userId, endUserId: session.endUserId, forAdmins: true, sessionId: session.id, data };
}

export function messageEvent(session: SessionOwnerIds, action: "created" | "completed", message: ChatMessageDto): NewEvent {
  return aboutSession(session, "message", { action, sessionId: session.id, message });
}

export type SessionAction = "created" | "renamed" | "deleted" | "cleared";

export function sessionEvent(session: SessionOwnerIds & Partial<Pick<ChatSession, "title" | "channel" | "lastActivityAt">>, action: SessionAction): NewEvent {
  return aboutSession(session, "session", {
    action,
    session: {
      id: session.id,
      ...(session.title !== undefined ? { title: session.title } : {}),
      ...(session.channel !== undefined ? { channel: session.channel } : {}),
      ...(session.lastActivityAt !== undefined ? { lastActivityAt: session.lastActivityAt.toISOString() } : {}),
    },
  });
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

/** Stores and announces the events of one business; the last write of the caller's transaction. */
export async function publishEvents(tx: Database, businessId: string, rows: NewEvent[]): Promise<void> {
  await insertEvents(tx, { businessId, rows });
}
