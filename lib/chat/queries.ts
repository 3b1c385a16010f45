import "server-only";
import { and, count, desc, eq, exists, inArray, isNotNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { chatMessages, chatSessions, type ChatMessage, type ChatSession } from "@/db/schema";

type OwnedSession = { sessionId: string; userId: string; businessId: string };

/** Tenant and owner scope of a session: this user's, in this business. */
function ownedBy(input: OwnedSession): SQL {
  return and(eq(chatSessions.id, input.sessionId), eq(chatSessions.userId, input.userId), eq(chatSessions.businessId, input.businessId))!;
}

/**
 * The session when it belongs to this user in this business; null otherwise (the caller answers
 * 404). `forUpdate` locks it until the transaction ends, so a concurrent delete waits instead of
 * leaving the new messages of a turn pointing at nothing.
 */
export async function getOwnedSession(
  db: Database,
  input: OwnedSession & { forUpdate?: boolean },
): Promise<ChatSession | null> {
  const query = db.select().from(chatSessions).where(ownedBy(input)).limit(1);
  const [row] = input.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/** Any session of the business (admins read every conversation of their own business). */
export async function getBusinessSession(
  db: Database,
  input: { sessionId: string; businessId: string },
): Promise<ChatSession | null> {
  const [row] = await db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

export async function insertSession(
  db: Database,
  input: { businessId: string; userId: string; title: string },
): Promise<ChatSession> {
  const [row] = await db.insert(chatSessions).values(input).returning();
  return row!;
}

export async function touchSession(
  db: Database,
  input: OwnedSession & { title?: string },
): Promise<void> {
  await db
    .update(chatSessions)
    .set({ lastActivityAt: sql`now()`, ...(input.title ? { title: input.title } : {}) })
    .where(ownedBy(input));
}

export async function renameOwnedSession(
  db: Database,
  input: OwnedSession & { title: string },
): Promise<ChatSession | null> {
  const [row] = await db
    .update(chatSessions)
    .set({ title: input.title })
    .where(ownedBy(input))
    .returning();
  return row ?? null;
}

export async function deleteOwnedSession(
  db: Database,
  input: OwnedSession,
): Promise<boolean> {
  const rows = await db
    .delete(chatSessions)
    .where(ownedBy(input))
    .returning({ id: chatSessions.id });
  return rows.length > 0;
}

export async function listOwnedSessions(
  db: Database,
  input: { userId: string; businessId: string; limit: number; offset: number },
): Promise<{ count: number; rows: ChatSession[] }> {
  const where = and(eq(chatSessions.userId, input.userId), eq(chatSessions.businessId, input.businessId));
  const [total] = await db.select({ value: count() }).from(chatSessions).where(where);
  const rows = await db
    .select()
    .from(chatSessions)
    .where(where)
    .orderBy(desc(chatSessions.lastActivityAt), desc(chatSessions.id))
    .limit(input.limit)
    .offset(input.offset);
  return { count: Number(total?.value ?? 0), rows };
}

/**
 * Messages in a session. The tenant check is on the session row (evaluated once), so the count
 * itself is an index-only scan of (session_id, …) instead of a heap visit per message.
 */
export async function countSessionMessages(db: Database, input: { sessionId: string; businessId: string }): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, input.sessionId),
        exists(
          db
            .select({ one: sql`1` })
            .from(chatSessions)
            .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId))),
        ),
      ),
    );
  return Number(row?.value ?? 0);
}

export async function clearSessionMessages(db: Database, input: { sessionId: string; businessId: string }): Promise<number> {
  const rows = await db
    .delete(chatMessages)
    .where(and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
    .returning({ id: chatMessages.id });
  return rows.length;
}

// clock_timestamp(), not now(): the user and assistant rows of one turn are written in one
// transaction and must still sort in the order they were written.
export async function insertMessage(
  db: Database,
  input: Omit<typeof chatMessages.$inferInsert, "createdAt" | "updatedAt">,
): Promise<ChatMessage> {
  const [row] = await db
    .insert(chatMessages)
    .values({ ...input, createdAt: sql`clock_timestamp()`, updatedAt: sql`clock_timestamp()` })
    .returning();
  return row!;
}

export async function updateMessage(
  db: Database,
  input: {
    id: string;
    businessId: string;
    values: Partial<Omit<typeof chatMessages.$inferInsert, "id" | "sessionId" | "businessId" | "userId">>;
  },
): Promise<ChatMessage> {
  const [row] = await db
    .update(chatMessages)
    .set(input.values)
    .where(and(eq(chatMessages.id, input.id), eq(chatMessages.businessId, input.businessId)))
    .returning();
  return row!;
}

/** Page `page` counted from the newest message; rows come back oldest first. */
export async function listMessagesPage(
  db: Database,
  input: { sessionId: string; businessId: string; limit: number; offset: number },
): Promise<ChatMessage[]> {
  const rows = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(input.limit)
    .offset(input.offset);
  return rows.reverse();
}

/**
 * Keyset page: the `limit` messages just before `before` by (created_at, id), oldest first.
 * The anchor's timestamp is read in SQL so microseconds are not lost in a JS Date. Null when the
 * anchor is not a message of this session.
 */
export async function listMessagesBefore(
  db: Database,
  input: { sessionId: string; businessId: string; before: string; limit: number },
): Promise<{ rows: ChatMessage[]; hasMore: boolean } | null> {
  const [anchor] = await db
    .select({ id: chatMessages.id })
    .from(chatMessages)
    .where(and(eq(chatMessages.id, input.before), eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
    .limit(1);
  if (!anchor) return null;
  const rows = await db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, input.sessionId),
        eq(chatMessages.businessId, input.businessId),
        sql`(${chatMessages.createdAt}, ${chatMessages.id}) < (select m.created_at, m.id from chat_messages m where m.id = ${input.before} and m.session_id = ${input.sessionId} and m.business_id = ${input.businessId})`,
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  return { rows: rows.slice(0, input.limit).reverse(), hasMore };
}

/** The last turns of a session for the prompt, oldest first, without the turn being answered. */
export async function listRecentTurns(
  db: Database,
  input: { sessionId: string; businessId: string; excludeIds: string[]; limit: number },
): Promise<ChatMessage[]> {
  const rows = await db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, input.sessionId),
        eq(chatMessages.businessId, input.businessId),
        inArray(chatMessages.role, ["user", "assistant"]),
        input.excludeIds.length ? notInArray(chatMessages.id, input.excludeIds) : undefined,
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(input.limit);
  return rows.reverse();
}

/** Product ids the assistant showed or proposed in the session's latest answers, newest first. */
export async function listRecentlyShownProductIds(
  db: Database,
  input: { sessionId: string; businessId: string; limit: number },
): Promise<string[]> {
  const rows = await db
    .select({ productCards: chatMessages.productCards, proposal: chatMessages.proposal })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, input.sessionId),
        eq(chatMessages.businessId, input.businessId),
        eq(chatMessages.role, "assistant"),
        or(isNotNull(chatMessages.productCards), isNotNull(chatMessages.proposal)),
      ),
    )
    .orderBy(desc(chatMessages.createdAt))
    .limit(3);
  const ids: string[] = [];
  for (const row of rows) {
    if (row.proposal) ids.push(row.proposal.productId);
    for (const card of row.productCards ?? []) ids.push(card.id);
  }
  return [...new Set(ids)].slice(0, input.limit);
}
