import "server-only";
import { getDb, transaction } from "@/db/client";
import type { ChatMessage, ChatSession } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { RequestContext } from "@/lib/request-context";
import * as q from "./queries";
import type { ChatMessageDto, ChatSessionDetailsDto, ChatSessionDto, HistoryQuery } from "./schemas";
import { pageWindow } from "@/lib/pagination";

export const DEFAULT_SESSION_TITLE = "New chat";

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

export function toSessionDto(session: ChatSession): ChatSessionDto {
  return {
    id: session.id,
    title: session.title,
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    lastActivityAt: iso(session.lastActivityAt),
  };
}

export function toMessageDto(message: ChatMessage): ChatMessageDto {
  return {
    id: message.id,
    sessionId: message.sessionId,
    role: message.role,
    content: message.content,
    status: message.status,
    createdAt: iso(message.createdAt),
    userRoleAtTime: message.userRoleAtTime,
    model: message.model,
    provider: message.provider,
    promptTokens: message.promptTokens,
    completionTokens: message.completionTokens,
    tokensUsed: message.tokensUsed,
    costCents: message.costCents,
    productCards: message.productCards,
    proposal: message.proposal,
  };
}

/** A session title from the first message: its first line, whitespace collapsed, at most 60 characters. */
export function titleFromMessage(message: string): string {
  const line = message.split("\n").find((l) => l.trim()) ?? message;
  const compact = line.replace(/\s+/g, " ").trim();
  return compact.length > 60 ? `${compact.slice(0, 59).trimEnd()}…` : compact || DEFAULT_SESSION_TITLE;
}

// ---- sessions -------------------------------------------------------------------------------

/** The caller's sessions, newest activity first. Needs `chat:use`. */
export async function listSessions(actor: Actor, input: { page: number; pageSize: number }) {
  assertCan(actor, "chat:use");
  const { count, rows } = await q.listOwnedSessions(getDb(), {
    userId: actor.id,
    businessId: actor.businessId,
    ...pageWindow(input),
  });
  return { count, results: rows.map(toSessionDto) };
}

/** Starts an empty conversation. Needs `chat:use`. */
export async function createSession(actor: Actor, input: { title?: string }): Promise<ChatSessionDto> {
  assertCan(actor, "chat:use");
  const session = await q.insertSession(getDb(), {
    businessId: actor.businessId,
    userId: actor.id,
    title: input.title ?? DEFAULT_SESSION_TITLE,
  });
  return toSessionDto(session);
}

async function readableSession(actor: Actor, sessionId: string): Promise<ChatSession> {
  assertCan(actor, "chat:use");
  if (!isUuid(sessionId)) throw notFound("Chat session");
  // Admins read any conversation of their own business; everyone else only their own.
  const session =
    actor.role === "admin"
      ? await q.getBusinessSession(getDb(), { sessionId, businessId: actor.businessId })
      : await q.getOwnedSession(getDb(), { sessionId, userId: actor.id, businessId: actor.businessId });
  if (!session) throw notFound("Chat session");
  return session;
}

/** The caller's own session (`chat:use`); 404 for anyone else's, an admin included. */
export async function requireOwnedSession(actor: Actor, sessionId: string): Promise<ChatSession> {
  assertCan(actor, "chat:use");
  const session = isUuid(sessionId)
    ? await q.getOwnedSession(getDb(), { sessionId, userId: actor.id, businessId: actor.businessId })
    : null;
  if (!session) throw notFound("Chat session");
  return session;
}

/** One session with its message count: the owner, or an admin of the same business. 404 otherwise. */
export async function getSession(actor: Actor, input: { sessionId: string }): Promise<ChatSessionDetailsDto> {
  const session = await readableSession(actor, input.sessionId);
  const messageCount = await q.countSessionMessages(getDb(), { sessionId: session.id, businessId: actor.businessId });
  return { ...toSessionDto(session), messageCount };
}

/** Renames the caller's own session (`chat:use`); 404 for anyone else's. */
export async function renameSession(actor: Actor, input: { sessionId: string; title: string }): Promise<ChatSessionDetailsDto> {
  assertCan(actor, "chat:use");
  const session = isUuid(input.sessionId)
    ? await q.renameOwnedSession(getDb(), { sessionId: input.sessionId, userId: actor.id, businessId: actor.businessId, title: input.title })
    : null;
  if (!session) throw notFound("Chat session");
  const messageCount = await q.countSessionMessages(getDb(), { sessionId: session.id, businessId: actor.businessId });
  return { ...toSessionDto(session), messageCount };
}

/** Deletes the caller's own session with its messages, audited (`chat:use`); 404 for anyone else's. */
export async function deleteSession(actor: Actor, input: { sessionId: string }, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, "chat:use");
  const { sessionId } = input;
  if (!isUuid(sessionId)) throw notFound("Chat session");
  await transaction(async (tx) => {
    const deleted = await q.deleteOwnedSession(tx, { sessionId, userId: actor.id, businessId: actor.businessId });
    if (!deleted) throw notFound("Chat session");
    await recordAudit(tx, { actor, action: "chat.session_delete", entityType: "chat_session", entityId: sessionId, requestId: ctx.requestId });
  });
}

/**
 * A page of a session's messages, oldest first within the page. Without `before`, page 1 is the
 * newest `pageSize` messages and page 2 the ones before them; with `before` (a message id) it is
 * the `pageSize` messages just before that one. Owner, or an admin of the same business; 404 otherwise.
 */
export async function getHistory(actor: Actor, input: HistoryQuery) {
  const session = await readableSession(actor, input.sessionId);
  const scope = { sessionId: session.id, businessId: actor.businessId };
  const db = getDb();
  // The count and the page are independent reads: run them side by side.
  if (input.before) {
    const [count, page] = await Promise.all([
      q.countSessionMessages(db, scope),
      q.listMessagesBefore(db, { ...scope, before: input.before, limit: input.pageSize }),
    ]);
    if (!page) throw notFound("Message");
    return {
      count,
      results: page.rows.map(toMessageDto),
      nextBefore: page.hasMore && page.rows[0] ? page.rows[0].id : null,
    };
  }
  const [count, rows] = await Promise.all([
    q.countSessionMessages(db, scope),
    q.listMessagesPage(db, { ...scope, ...pageWindow(input) }),
  ]);
  return { count, results: rows.map(toMessageDto), nextBefore: null };
}

/** Deletes every message of the caller's own session, audited (`chat:use`); the session stays. 404 for anyone else's. */
export async function clearHistory(actor: Actor, input: { sessionId: string }, ctx: RequestContext = {}): Promise<{ cleared: number }> {
  const session = await requireOwnedSession(actor, input.sessionId);
  return transaction(async (tx) => {
    const cleared = await q.clearSessionMessages(tx, { sessionId: session.id, businessId: actor.businessId });
    await recordAudit(tx, {
      actor,
      action: "chat.history_clear",
      entityType: "chat_session",
      entityId: session.id,
      summary: { cleared },
      requestId: ctx.requestId,
    });
    return { cleared };
  });
}
