import "server-only";
import { getDb, transaction, type Database } from "@/db/client";
import { publishEvents, sessionEvent } from "@/lib/events/publish";
import type { ChatMessage, ChatSession, ChatSessionConfig, EndUser } from "@/db/schema";
import { chooseSessionModel } from "@/lib/ai/models";
import { recordAudit } from "@/lib/audit/record";
import type { ChatCaller } from "@/lib/auth/caller";
import { assertCan } from "@/lib/auth/permissions";
import { chatSettingsOf } from "@/lib/business/chat-settings";
import { getStoredChatSettings } from "@/lib/business/queries";
import { findIdentifiedEndUser, getEndUserInBusiness, upsertIdentifiedEndUser } from "@/lib/end-users/queries";
import { countSessionFiles } from "@/lib/files/queries";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { RequestContext } from "@/lib/request-context";
import * as q from "./queries";
import type { SearchSnippet, SessionOwner } from "./queries";
import { withoutMarkdown } from "./plain-text";
import { startWithin } from "@/lib/text-start";
import type { ChatMessageDto, ChatSessionDetailsDto, ChatSessionDto, ChatSessionSearchResultDto, HistoryQuery, SessionConfig } from "./schemas";
import type { SessionStatus } from "./vocabulary";
import { pageWindow } from "@/lib/pagination";

export const DEFAULT_SESSION_TITLE = "New chat";

/** A timestamp as the API sends it; raw statements return a Date or a string depending on the engine. */
export const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** The DTO of a session; `timeoutMinutes` is its business's, for an end user's conversation. */
export function toSessionDto(session: ChatSession & { userIdentifier?: string | null }, timeoutMinutes: number): ChatSessionDto {
  return {
    id: session.id,
    title: session.title,
    channel: session.channel,
    userIdentifier: session.userIdentifier ?? null,
    config: session.config ?? {},
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    lastActivityAt: iso(session.lastActivityAt),
    expiresAt: session.channel === "member" ? null : sessionExpiry(session, timeoutMinutes).toISOString(),
    status: sessionStatusOf(session, timeoutMinutes),
    seenUpTo: session.adminReadAt ? iso(session.adminReadAt) : null,
  };
}

/** Who answers the conversation now; an end user's conversation past its timeout is closed. */
export function sessionStatusOf(session: Pick<ChatSession, "channel" | "lastActivityAt" | "handler">, timeoutMinutes: number, now = Date.now()): SessionStatus {
  return isExpired(session, timeoutMinutes, now) ? "closed" : session.handler;
}

/** An end user's conversation takes messages until its business's timeout has passed since the last one. */
export function sessionExpiry(session: Pick<ChatSession, "lastActivityAt">, timeoutMinutes: number): Date {
  return new Date(new Date(session.lastActivityAt).getTime() + timeoutMinutes * 60_000);
}

export function isExpired(session: Pick<ChatSession, "channel" | "lastActivityAt">, timeoutMinutes: number, now = Date.now()): boolean {
  return session.channel !== "member" && sessionExpiry(session, timeoutMinutes).getTime() <= now;
}

/** 410: an API or widget conversation past its business's timeout takes nothing more; it stays readable. */
export function sessionExpired(): AppError {
  return new AppError("session_expired", "This conversation has expired; its history stays readable. Start a new session.");
}

/**
 * 410 `session_expired` when an API or widget conversation is past its business's timeout. Read through
 * `db`, the transaction holding the session's lock: a read beside it would wait for a second connection,
 * which the embedded database, with one, never has.
 */
export async function assertNotExpired(db: Database, session: Pick<ChatSession, "channel" | "lastActivityAt" | "businessId">): Promise<void> {
  if (session.channel === "member") return;
  const settings = await getStoredChatSettings(db, { businessId: session.businessId });
  if (settings && isExpired(session, settings.sessionTimeoutMinutes)) throw sessionExpired();
}

/** What a message DTO adds to the stored row: the viewer's own rating, and what the answer's turn charged. */
export type MessageExtras = Partial<Pick<ChatMessageDto, "feedback" | "creditsCharged" | "versions">>;

export function toMessageDto(message: ChatMessage, extras: MessageExtras = {}): ChatMessageDto {
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
    authorName: message.role === "agent" ? message.authorName : null,
    feedback: extras.feedback ?? null,
    creditsCharged: extras.creditsCharged ?? null,
    parentId: message.parentId,
    versions: extras.versions ?? null,
  };
}

function historyDto(row: q.HistoryRow, versions: Map<string, string[]> = new Map()): ChatMessageDto {
  return toMessageDto(row, {
    feedback: row.feedbackRating ? { rating: row.feedbackRating, reason: row.feedbackReason } : null,
    creditsCharged: row.creditsCharged,
    versions: versions.get(row.id) ?? null,
  });
}

const TITLE_MAX_UNITS = 60;

/** A session title from the first message: its first line, whitespace collapsed, at most 60 UTF-16 units. */
export function titleFromMessage(message: string): string {
  const line = message.split("\n").find((l) => l.trim()) ?? message;
  const compact = line.replace(/\s+/g, " ").trim();
  return compact.length > TITLE_MAX_UNITS ? `${startWithin(compact, TITLE_MAX_UNITS - 1).trimEnd()}…` : compact || DEFAULT_SESSION_TITLE;
}

// ---- callers ---------------------------------------------------------------------------------

/** Members need `chat:use`; keys were checked for the chat scope when they were authenticated. */
export function assertMayChat(caller: ChatCaller): void {
  if (caller.kind === "member") assertCan(caller.actor, "chat:use");
}

/**
 * The end user a call speaks for: a visitor is bound to theirs; a secret key names one with
 * `userIdentifier` (the business vouches for it, so it is verified), created on first sight.
 */
export async function endUserOfCall(db: Database, caller: ChatCaller, userIdentifier?: string | null): Promise<EndUser | null> {
  if (caller.kind === "visitor") return caller.endUser;
  if (caller.kind === "api" && userIdentifier) {
    return upsertIdentifiedEndUser(db, { businessId: caller.businessId, identifier: userIdentifier, verified: true });
  }
  return null;
}

/** Whose sessions the caller may use; a key that names an end user narrows it to theirs. */
export function ownerOf(caller: ChatCaller, endUser: EndUser | null = null): SessionOwner {
  switch (caller.kind) {
    case "member":
      return { kind: "member", businessId: caller.businessId, userId: caller.actor.id };
    case "api":
      return { kind: "api", businessId: caller.businessId, endUserId: endUser?.id ?? null };
    case "visitor":
      return { kind: "visitor", businessId: caller.businessId, endUserId: caller.endUser.id };
  }
}

/** A new session's owner columns. */
export function newSessionOwner(caller: ChatCaller, endUser: EndUser | null) {
  switch (caller.kind) {
    case "member":
      return { businessId: caller.businessId, userId: caller.actor.id, channel: "member" as const, endUserId: null, apiKeyId: null };
    case "api":
      return { businessId: caller.businessId, userId: null, channel: "api" as const, endUserId: endUser?.id ?? null, apiKeyId: caller.apiKeyId };
    case "visitor":
      return { businessId: caller.businessId, userId: null, channel: "widget" as const, endUserId: caller.endUser.id, apiKeyId: caller.apiKeyId };
  }
}

async function timeoutOf(businessId: string): Promise<number> {
  const settings = await chatSettingsOf(businessId);
  if (!settings) throw notFound("Business");
  return settings.sessionTimeoutMinutes;
}

async function identifierOf(session: ChatSession): Promise<string | null> {
  if (!session.endUserId) return null;
  return (await getEndUserInBusiness(getDb(), { businessId: session.businessId, endUserId: session.endUserId }))?.identifier ?? null;
}

async function detailsOf(session: ChatSession): Promise<ChatSessionDetailsDto> {
  const scope = { sessionId: session.id, businessId: session.businessId };
  const [files, userIdentifier, timeout] = await Promise.all([countSessionFiles(getDb(), scope), identifierOf(session), timeoutOf(session.businessId)]);
  return { ...toSessionDto({ ...session, userIdentifier }, timeout), messageCount: session.messageCount, hasFiles: files > 0 };
}

// ---- sessions -------------------------------------------------------------------------------

/** A search excerpt as the sidebar shows it: one line, the assistant's Markdown as its words. */
function snippetText(snippet: SearchSnippet | null): string | null {
  if (!snippet) return null;
  const text = snippet.role === "assistant" ? withoutMarkdown(snippet.text) : snippet.text;
  return text.replace(/\s+/g, " ").trim() || null;
}

/**
 * The caller's sessions, newest activity first; a key may narrow them to one end user's. With `q`,
 * those whose title or messages match it, each with a `snippet` of its newest matching message.
 */
export async function listSessions(
  caller: ChatCaller,
  input: { page: number; pageSize: number; userIdentifier?: string; q?: string },
): Promise<{ count: number; results: (ChatSessionDto | ChatSessionSearchResultDto)[] }> {
  assertMayChat(caller);
  const db = getDb();
  let owner = ownerOf(caller);
  if (caller.kind === "api" && input.userIdentifier) {
    const endUser = await findIdentifiedEndUser(db, { businessId: caller.businessId, identifier: input.userIdentifier, verified: true });
    if (!endUser) return { count: 0, results: [] };
    owner = ownerOf(caller, endUser);
  }
  const [{ count, rows }, timeout] = await Promise.all([
    q.listOwnedSessions(db, { owner, q: input.q, ...pageWindow(input) }),
    timeoutOf(caller.businessId),
  ]);
  const searched = input.q !== undefined;
  return {
    count,
    results: rows.map((row) =>
      searched ? { ...toSessionDto(row, timeout), snippet: snippetText(row.snippet) } : toSessionDto(row, timeout),
    ),
  };
}

/**
 * A session's config as stored: a model choice (API and widget conversations only) is checked
 * against what the operator offers now and kept as `{aiProvider, model}`. 400 otherwise.
 */
function sessionConfigFor(caller: ChatCaller, config: SessionConfig): ChatSessionConfig {
  const { aiProvider, model, ...rest } = config;
  if (aiProvider === undefined && model === undefined) return rest;
  if (caller.kind === "member") {
    const detail = "A member's conversation uses the business's model; an admin chooses it in Settings.";
    throw new AppError("invalid_request", detail, { fields: { [aiProvider !== undefined ? "config.aiProvider" : "config.model"]: [detail] } });
  }
  return { ...rest, ...chooseSessionModel({ aiProvider, model }) };
}

/** Starts an empty conversation (a key's for the end user it names, with the page it runs on, and the model it asks for). */
export async function createSession(caller: ChatCaller, input: { title?: string; userIdentifier?: string; config?: SessionConfig }): Promise<ChatSessionDto> {
  assertMayChat(caller);
  const db = getDb();
  const config = sessionConfigFor(caller, input.config ?? {});
  const endUser = await endUserOfCall(db, caller, input.userIdentifier);
  const session = await transaction((tx) => insertNewSession(tx, caller, { endUser, config, title: input.title }));
  return sessionDtoOf(session, endUser);
}

/** A new conversation of the caller's, stored and announced inside the caller's transaction. */
export async function insertNewSession(
  tx: Database,
  caller: ChatCaller,
  input: { endUser: EndUser | null; config?: ChatSessionConfig; title?: string },
): Promise<ChatSession> {
  const created = await q.insertSession(tx, {
    ...newSessionOwner(caller, input.endUser),
    config: input.config ?? sessionConfigFor(caller, {}),
    title: input.title ?? DEFAULT_SESSION_TITLE,
  });
  await publishEvents(tx, caller.businessId, [sessionEvent(created, "created")]);
  return created;
}

/** A session as the API shows it, with its end user's identifier and its business's timeout. */
export async function sessionDtoOf(session: ChatSession, endUser: EndUser | null): Promise<ChatSessionDto> {
  return toSessionDto({ ...session, userIdentifier: endUser?.identifier ?? null }, await timeoutOf(session.businessId));
}

/** The session when the caller may read it: its owner, or an admin of its business. 404 otherwise. */
export async function readableSession(caller: ChatCaller, sessionId: string): Promise<ChatSession> {
  assertMayChat(caller);
  if (!isUuid(sessionId)) throw notFound("Chat session");
  // Admins read any conversation of their own business, end users' included; everyone else only their own.
  const session =
    caller.kind === "member" && caller.actor.role === "admin"
      ? await q.getBusinessSession(getDb(), { sessionId, businessId: caller.businessId })
      : await q.getOwnedSession(getDb(), { sessionId, owner: ownerOf(caller) });
  if (!session) throw notFound("Chat session");
  return session;
}

/** The caller's own session; 404 for anyone else's, an admin included. */
export async function requireOwnedSession(caller: ChatCaller, sessionId: string, endUser: EndUser | null = null): Promise<ChatSession> {
  assertMayChat(caller);
  const session = isUuid(sessionId) ? await q.getOwnedSession(getDb(), { sessionId, owner: ownerOf(caller, endUser) }) : null;
  if (!session) throw notFound("Chat session");
  return session;
}

/** One session with its message count: the owner, or an admin of the same business. 404 otherwise. */
export async function getSession(caller: ChatCaller, input: { sessionId: string }): Promise<ChatSessionDetailsDto> {
  return detailsOf(await readableSession(caller, input.sessionId));
}

/**
 * Renames the caller's own session, changes its config, or switches the branch it continues from
 * (`branch`: a message of it; the next message follows that branch's newest one); 404 for anyone
 * else's session or a message not in it.
 */
export async function updateSession(
  caller: ChatCaller,
  input: { sessionId: string; title?: string; config?: SessionConfig; branch?: string },
): Promise<ChatSessionDetailsDto> {
  assertMayChat(caller);
  const values = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.config !== undefined ? { config: sessionConfigFor(caller, input.config) } : {}),
  };
  const session = isUuid(input.sessionId)
    ? await transaction(async (tx) => {
        const owned = await q.getOwnedSession(tx, { sessionId: input.sessionId, owner: ownerOf(caller), lock: "update" });
        if (!owned) return null;
        if (input.branch !== undefined) {
          const leaf = await q.latestLeafUnder(tx, { sessionId: owned.id, businessId: owned.businessId, messageId: input.branch });
          if (!leaf) throw notFound("Message");
          await q.setActiveLeaf(tx, { sessionId: owned.id, businessId: owned.businessId, leafId: leaf });
        }
        const updated = Object.keys(values).length ? await q.updateOwnedSession(tx, { sessionId: owned.id, owner: ownerOf(caller), values }) : await q.getOwnedSession(tx, { sessionId: owned.id, owner: ownerOf(caller) });
        if (updated && input.title !== undefined) await publishEvents(tx, caller.businessId, [sessionEvent(updated, "renamed")]);
        return updated;
      })
    : null;
  if (!session) throw notFound("Chat session");
  return detailsOf(session);
}

/** Who an audit entry of a chat action names: the member, or nobody for a key or a visitor (the summary says which). */
export function auditActorOf(caller: ChatCaller) {
  return { actor: caller.kind === "member" ? caller.actor : null, businessId: caller.businessId };
}

export function auditVia(caller: ChatCaller): Record<string, unknown> {
  if (caller.kind === "member") return {};
  return { via: caller.kind === "api" ? "api_key" : "widget", apiKeyId: caller.apiKeyId };
}

/** Deletes the caller's own session with its messages, audited; 404 for anyone else's. */
export async function deleteSession(caller: ChatCaller, input: { sessionId: string }, ctx: RequestContext = {}): Promise<void> {
  assertMayChat(caller);
  const { sessionId } = input;
  if (!isUuid(sessionId)) throw notFound("Chat session");
  await transaction(async (tx) => {
    const deleted = await q.deleteOwnedSession(tx, { sessionId, owner: ownerOf(caller) });
    if (!deleted) throw notFound("Chat session");
    await recordAudit(tx, {
      ...auditActorOf(caller),
      action: "chat.session_delete",
      entityType: "chat_session",
      entityId: sessionId,
      summary: auditVia(caller),
      requestId: ctx.requestId,
    });
    await publishEvents(tx, caller.businessId, [sessionEvent(deleted, "deleted")]);
  });
}

/**
 * A page of a session's messages, oldest first within the page. Without `before`, page 1 is the
 * newest `pageSize` messages and page 2 the ones before them; with `before` (a message id) it is
 * the `pageSize` messages just before that one. Owner, or an admin of the same business; 404 otherwise.
 */
export async function getHistory(caller: ChatCaller, input: HistoryQuery) {
  const viewerId = caller.kind === "member" ? caller.actor.id : null;
  const db = getDb();
  // The page is read beside the access check rather than after it (one round trip instead of two):
  // both are scoped to the caller's business, and the page leaves here only once the check has found
  // the session readable. A conversation with branches reads its own way and drops it.
  const page = input.branch || !isUuid(input.sessionId) ? null : linearPage(db, { sessionId: input.sessionId, businessId: caller.businessId, viewerId }, input);
  page?.catch(() => {}); // awaited below when the session is readable; otherwise its outcome is moot
  const session = await readableSession(caller, input.sessionId);
  if (session.branched || !page) return branchHistory(db, session, { ...input, viewerId });
  // The count comes with the session row, which the access check has just read.
  return { count: session.messageCount, ...(await page) };
}

async function linearPage(db: Database, scope: { sessionId: string; businessId: string; viewerId: string | null }, input: HistoryQuery) {
  if (input.before) {
    const page = await q.listMessagesBefore(db, { ...scope, before: input.before, limit: input.pageSize });
    if (!page) throw notFound("Message");
    return { results: page.rows.map((row) => historyDto(row)), nextBefore: page.hasMore && page.rows[0] ? page.rows[0].id : null };
  }
  const rows = await q.listMessagesPage(db, { ...scope, ...pageWindow(input) });
  return { results: rows.map((row) => historyDto(row)), nextBefore: null };
}

/**
 * History of a conversation with branches: the path from its first message to the newest leaf
 * through `branch` (or to the active leaf), paged like the rest, each message with its versions.
 */
async function branchHistory(db: Database, session: ChatSession, input: HistoryQuery & { viewerId: string | null }) {
  const scope = { sessionId: session.id, businessId: session.businessId };
  const leaf = input.branch ? await q.latestLeafUnder(db, { ...scope, messageId: input.branch }) : session.activeLeafId;
  if (input.branch && !leaf) throw notFound("Message");
  const ids = leaf ? await q.listBranchIds(db, { ...scope, leafId: leaf }) : [];
  let window: string[];
  let nextBefore: string | null = null;
  if (input.before) {
    // What comes before a message is the path to it, whichever branch the conversation continues from
    // now: a reader paging up from a message keeps reading its branch after an edit, a regeneration or
    // a switch of versions elsewhere moved the conversation to another.
    const on = ids.indexOf(input.before);
    const path = on >= 0 ? ids.slice(0, on + 1) : await q.listBranchIds(db, { ...scope, leafId: input.before });
    if (!path.length) throw notFound("Message");
    const at = path.length - 1;
    window = path.slice(Math.max(0, at - input.pageSize), at);
    if (at - input.pageSize > 0) nextBefore = window[0] ?? null;
  } else {
    const end = Math.max(0, ids.length - (input.page - 1) * input.pageSize);
    window = ids.slice(Math.max(0, end - input.pageSize), end);
  }
  const [rows, versions] = await Promise.all([
    q.listHistoryRowsByIds(db, { ...scope, viewerId: input.viewerId, ids: window }),
    q.listVersions(db, { ...scope, messageIds: window }),
  ]);
  return { count: ids.length, results: rows.map((row) => historyDto(row, versions)), nextBefore };
}

/** Deletes every message of the caller's own session, audited; the session stays. 404 for anyone else's. */
export async function clearHistory(caller: ChatCaller, input: { sessionId: string }, ctx: RequestContext = {}): Promise<{ cleared: number }> {
  const session = await requireOwnedSession(caller, input.sessionId);
  return transaction(async (tx) => {
    // The lock every message write takes first: a turn writing into this conversation finishes before, or
    // starts after, rather than deadlocking with the delete over the rows it follows.
    await q.lockBusinessSession(tx, { sessionId: session.id, businessId: caller.businessId });
    const cleared = await q.clearSessionMessages(tx, { sessionId: session.id, businessId: caller.businessId });
    await recordAudit(tx, {
      ...auditActorOf(caller),
      action: "chat.history_clear",
      entityType: "chat_session",
      entityId: session.id,
      summary: { cleared, ...auditVia(caller) },
      requestId: ctx.requestId,
    });
    await publishEvents(tx, caller.businessId, [sessionEvent(session, "cleared")]);
    return { cleared };
  });
}
