import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, transaction, type Database } from "@/db/client";
import type { ChatSession } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { ChatCaller } from "@/lib/auth/caller";
import { assertCan, can } from "@/lib/auth/permissions";
import type { AuthenticatedUser } from "@/lib/auth/require-user";
import { getBusinessById, getChatSettings } from "@/lib/business/queries";
import { handBack, isAgentIdle } from "@/lib/chat/handoff";
import * as chatQueries from "@/lib/chat/queries";
import type { ChatMessageDto, ChatSessionDto } from "@/lib/chat/schemas";
import { assertNotExpired, auditActorOf, auditVia, isExpired, readableSession, requireOwnedSession, toMessageDto, toSessionDto } from "@/lib/chat/service";
import { appUrl } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { handoffEvent, messageEvent, publishEvents, readEvent, typingEvent } from "@/lib/events/publish";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail/send";
import { handoffMail } from "@/lib/mail/templates";
import { pageWindow } from "@/lib/pagination";
import { consume } from "@/lib/rate-limit/limiter";
import { rateLimited } from "@/lib/rate-limit/limits";
import type { RequestContext } from "@/lib/request-context";
import { startWithin } from "@/lib/text-start";
import { getUserInBusiness, listActiveAdmins } from "@/lib/users/queries";
import type { InboxConversationDto, InboxPerson, InboxQuery } from "./schemas";

/**
 * The support inbox: an admin watches the business's conversations, takes one over from the
 * assistant, answers as a person and hands it back; the owner can ask for a person. Every change is
 * audited and published as a live event in its own transaction.
 */

/** A typing signal lasts this long unless renewed; a person may send one every TYPING_EVERY_SECONDS. */
export const TYPING_TTL_MS = 8_000;
const TYPING_EVERY_SECONDS = 2;

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function personOf(row: chatQueries.ConversationRow): InboxPerson {
  if (row.user_id) return { kind: "member", id: row.user_id, name: row.user_name ?? "Member" };
  if (row.end_user_id) return { kind: "end_user", id: row.end_user_id, name: row.end_user_identifier ?? "Visitor" };
  return { kind: "anonymous", id: null, name: "Anonymous API caller" };
}

/** The business's conversations, those waiting for a person first. Admins only (403 otherwise). */
export async function listInbox(actor: AuthenticatedUser, query: InboxQuery): Promise<{ count: number; results: InboxConversationDto[] }> {
  assertCan(actor, "inbox:manage");
  const { count, rows } = await chatQueries.listBusinessConversations(getDb(), {
    businessId: actor.businessId,
    readerId: actor.id,
    status: query.status,
    personId: query.userId,
    q: query.q,
    ...pageWindow(query),
  });
  return {
    count,
    results: rows.map((row) => ({
      id: row.id,
      title: row.title,
      channel: row.channel,
      person: personOf(row),
      status: row.closed ? "closed" : row.handler,
      unread: Number(row.unread),
      lastMessage:
        row.last_role && row.last_at
          ? { role: row.last_role, content: row.last_content ?? "", createdAt: iso(row.last_at), authorName: row.last_role === "agent" ? row.last_author_name : null }
          : null,
      lastActivityAt: iso(row.last_activity_at),
      personRequestedAt: row.person_requested_at ? iso(row.person_requested_at) : null,
      agent: row.handler === "with_person" && !row.closed && row.agent_id ? { id: row.agent_id, name: row.agent_name ?? "A former member" } : null,
    })),
  };
}

async function sessionDto(session: ChatSession): Promise<ChatSessionDto> {
  const settings = await getChatSettings(getDb(), { businessId: session.businessId });
  return toSessionDto(session, settings?.sessionTimeoutMinutes ?? 30);
}

/** A conversation of the admin's business, locked; 404 for any other (another business's included). */
async function lockedConversation(tx: Database, actor: AuthenticatedUser, sessionId: string): Promise<ChatSession> {
  const session = isUuid(sessionId) ? await chatQueries.lockBusinessSession(tx, { sessionId, businessId: actor.businessId }) : null;
  if (!session) throw notFound("Chat session");
  return session;
}

/** 409 for a customer's conversation past its timeout: it takes no more messages, a person's neither. */
async function assertOpen(tx: Database, session: ChatSession): Promise<void> {
  if (session.channel === "member") return;
  const settings = await getChatSettings(tx, { businessId: session.businessId });
  if (isExpired(session, settings?.sessionTimeoutMinutes ?? 30)) {
    throw new AppError("conflict", "This conversation has closed: the customer's chat timed out, so nothing more reaches them here.");
  }
}

/**
 * The admin takes the conversation over: the assistant stops answering it. Audited; 404 outside the
 * business. Taking over one's own conversation again changes nothing; one another person is with is a
 * 409 naming them (two admins pressing at once: the second learns who has it).
 */
export async function takeOver(actor: AuthenticatedUser, input: { sessionId: string }, ctx: RequestContext = {}): Promise<ChatSessionDto> {
  assertCan(actor, "inbox:manage");
  const session = await transaction(async (tx) => {
    const current = await lockedConversation(tx, actor, input.sessionId);
    await assertOpen(tx, current);
    await assertNoOtherPerson(tx, current, actor);
    if (current.handler === "with_person" && current.agentId === actor.id && !isAgentIdle(current, new Date())) return current;
    const changed = await chatQueries.setSessionHandling(tx, {
      sessionId: current.id,
      businessId: current.businessId,
      values: { handler: "with_person", agentId: actor.id, agentActiveAt: new Date(), personRequestedAt: null },
    });
    await recordAudit(tx, { actor, action: "chat.takeover", entityType: "chat_session", entityId: current.id, summary: { from: current.handler }, requestId: ctx.requestId });
    await publishEvents(tx, actor.businessId, [handoffEvent(changed, { id: actor.id, name: actor.name })]);
    return changed;
  });
  return sessionDto(session);
}

/**
 * 409 naming them when another person of the team is with the conversation and was active in it lately:
 * neither a takeover, a reply nor a hand-back takes it from them unannounced.
 */
async function assertNoOtherPerson(tx: Database, current: ChatSession, actor: AuthenticatedUser): Promise<void> {
  if (current.handler !== "with_person" || current.agentId === null || current.agentId === actor.id || isAgentIdle(current, new Date())) return;
  const agent = await getUserInBusiness(tx, { businessId: current.businessId, userId: current.agentId });
  // Someone who may no longer answer the inbox (demoted, deactivated, removed) holds nobody out.
  if (!agent || !agent.active || !can(agent.role, "inbox:manage")) return;
  throw new AppError("conflict", `${agent.name} is already with this conversation.`);
}

/**
 * Gives the conversation back to the assistant. Audited; 404 outside the business. Another person active
 * in it is a 409 naming them, as for a takeover: the admins are peers, and a hand-back would otherwise
 * be the way around that rule (back, then take over) and leave the customer to the assistant while its
 * person is still writing. One gone quiet, or no longer an admin, holds nobody out.
 */
export async function handBackToAssistant(actor: AuthenticatedUser, input: { sessionId: string }, ctx: RequestContext = {}): Promise<ChatSessionDto> {
  assertCan(actor, "inbox:manage");
  const session = await transaction(async (tx) => {
    const current = await lockedConversation(tx, actor, input.sessionId);
    // Already the assistant's (a second click, or the idle sweep came first): nothing to record or announce.
    if (current.handler === "assistant") return current;
    await assertNoOtherPerson(tx, current, actor);
    const { session: changed, event } = await handBack(tx, current, { by: actor, requestId: ctx.requestId });
    await publishEvents(tx, actor.businessId, [event]);
    return changed;
  });
  return sessionDto(session);
}

/**
 * The admin's reply, shown in the owner's chat as a person's message with the admin's name. Replying
 * takes the conversation over when the assistant still had it, or a person who has gone quiet; another
 * person active in it is a 409, as for a takeover. Audited; 404 outside the business.
 */
export async function replyAsAgent(actor: AuthenticatedUser, input: { sessionId: string; message: string }, ctx: RequestContext = {}): Promise<ChatMessageDto> {
  assertCan(actor, "inbox:manage");
  return transaction(async (tx) => {
    const current = await lockedConversation(tx, actor, input.sessionId);
    await assertOpen(tx, current);
    await assertNoOtherPerson(tx, current, actor);
    const now = new Date();
    const message = await chatQueries.insertMessage(tx, {
      id: randomUUID(),
      businessId: current.businessId,
      sessionId: current.id,
      userId: current.userId,
      endUserId: current.endUserId,
      role: "agent",
      content: input.message,
      status: "complete",
      authorId: actor.id,
      authorName: actor.name,
    });
    // From the assistant, or from a person who went quiet: said to the owner and audited as a takeover.
    const tookOver = current.handler !== "with_person" || current.agentId !== actor.id;
    const changed = await chatQueries.setSessionHandling(tx, {
      sessionId: current.id,
      businessId: current.businessId,
      values: { handler: "with_person", agentId: actor.id, agentActiveAt: now, personRequestedAt: null, lastActivityAt: now },
    });
    if (tookOver) {
      await recordAudit(tx, { actor, action: "chat.takeover", entityType: "chat_session", entityId: current.id, summary: { from: current.handler, byReply: true }, requestId: ctx.requestId });
    }
    await recordAudit(tx, {
      actor,
      action: "chat.agent_reply",
      entityType: "chat_session",
      entityId: current.id,
      summary: { messageId: message.id, length: input.message.length },
      requestId: ctx.requestId,
    });
    const dto = toMessageDto(message);
    await publishEvents(tx, actor.businessId, [
      ...(tookOver ? [handoffEvent(changed, { id: actor.id, name: actor.name })] : []),
      messageEvent(changed, "created", dto),
    ]);
    return dto;
  });
}

/**
 * The admins have read the conversation up to a message: the mark only moves forward, and the owner
 * sees "Seen". 404 for a message of another conversation.
 */
export async function markRead(actor: AuthenticatedUser, input: { sessionId: string; upToMessageId: string }): Promise<{ seenUpTo: string | null }> {
  assertCan(actor, "inbox:manage");
  return transaction(async (tx) => {
    const current = await lockedConversation(tx, actor, input.sessionId);
    const message = await chatQueries.getSessionMessage(tx, { sessionId: current.id, businessId: current.businessId, messageId: input.upToMessageId });
    if (!message) throw notFound("Message");
    const moved = await chatQueries.advanceAdminRead(tx, { sessionId: current.id, businessId: current.businessId, messageId: message.id });
    if (!moved) return { seenUpTo: current.adminReadAt ? iso(current.adminReadAt) : null };
    await publishEvents(tx, actor.businessId, [readEvent(moved, { by: { id: actor.id, name: actor.name }, upToMessageId: message.id, at: message.createdAt })]);
    return { seenUpTo: iso(moved.adminReadAt!) };
  });
}

/**
 * "…is typing" in a conversation, by its owner or an admin of the business (404 for anyone else). At
 * most one signal per person every 2 s (429); each lasts 8 s unless renewed or switched off.
 */
export async function setTyping(caller: ChatCaller, input: { sessionId: string; on: boolean }, now: Date = new Date()): Promise<void> {
  const session = await readableSession(caller, input.sessionId);
  const who = whoTypes(caller, session);
  // Each signal is an event every admin's stream carries: "off" is bounded too, a little looser, as a box
  // emptied and typed in again within the window is two of them.
  const window = input.on
    ? await consume({ bucket: "typing", key: `${who.kind}:${who.id}`, limit: 1, windowSeconds: TYPING_EVERY_SECONDS })
    : await consume({ bucket: "typing_off", key: `${who.kind}:${who.id}`, limit: 2, windowSeconds: TYPING_EVERY_SECONDS });
  if (!window.allowed) {
    throw rateLimited(window.retryAfterSeconds, input.on ? "Typing is signalled at most once every 2 seconds." : "Typing is switched off at most twice every 2 seconds.");
  }
  await transaction((tx) =>
    publishEvents(tx, session.businessId, [typingEvent(session, { who, on: input.on, expiresAt: new Date(now.getTime() + (input.on ? TYPING_TTL_MS : 0)) })]),
  );
}

function whoTypes(caller: ChatCaller, session: ChatSession): { kind: "owner" | "agent"; id: string; name: string } {
  if (caller.kind === "member") {
    const owner = session.userId === caller.actor.id;
    return { kind: owner ? "owner" : "agent", id: caller.actor.id, name: caller.actor.name };
  }
  if (caller.kind === "visitor") return { kind: "owner", id: caller.endUser.id, name: caller.endUser.identifier ?? "Visitor" };
  return { kind: "owner", id: session.endUserId ?? caller.apiKeyId, name: "Customer" };
}

/**
 * The owner asks for a person: the conversation is marked "needs a person", and from then on the
 * assistant stays quiet (the owner's messages wait for the person, free) until a person hands it back
 * or the owner withdraws the request. Audited; 404 for anyone else's conversation.
 */
export async function requestPerson(caller: ChatCaller, input: { sessionId: string }, ctx: RequestContext = {}): Promise<ChatSessionDto> {
  const owned = await requireOwnedSession(caller, input.sessionId);
  await countHandlingChange(caller, owned);
  return sessionDto(await askForPerson(caller, owned.id, ctx));
}

/** Asking for a person and taking it back: at most HANDLING_CHANGES_PER_MINUTE by one owner (429), each being an audit entry and an event for every admin. */
const HANDLING_CHANGES_PER_MINUTE = 10;

async function countHandlingChange(caller: ChatCaller, session: ChatSession): Promise<void> {
  const who = whoTypes(caller, session);
  const window = await consume({ bucket: "handling_change", key: `${who.kind}:${who.id}`, limit: HANDLING_CHANGES_PER_MINUTE, windowSeconds: 60 });
  if (!window.allowed) throw rateLimited(window.retryAfterSeconds, "Asking for a person and taking it back are limited to 10 a minute.");
}

/**
 * The owner no longer waits for a person: the assistant answers again. Only a request still waiting is
 * withdrawn; a conversation a person has taken over stays theirs (409). Audited; 404 for anyone else's.
 */
export async function withdrawPersonRequest(caller: ChatCaller, input: { sessionId: string }, ctx: RequestContext = {}): Promise<ChatSessionDto> {
  const owned = await requireOwnedSession(caller, input.sessionId);
  await countHandlingChange(caller, owned);
  const session = await transaction(async (tx) => {
    const current = await chatQueries.lockBusinessSession(tx, { sessionId: owned.id, businessId: caller.businessId });
    if (!current) throw notFound("Chat session");
    if (current.handler === "with_person") throw new AppError("conflict", "A person from the team is already with this conversation.");
    if (current.handler === "assistant") return current;
    return ownerSetsHandling(tx, caller, current, {
      values: { handler: "assistant", personRequestedAt: null },
      action: "chat.person_request_withdraw",
      reason: "withdrawn",
      ctx,
    });
  });
  return sessionDto(session);
}

/**
 * Marks the caller's own conversation as waiting for a person (unless a person already has it or
 * it already waits) and, once that is committed, mails the business's admins, who answer in the
 * inbox. The mail goes to whoever may take over; a failure to send is logged, the request stands.
 */
export async function askForPerson(caller: ChatCaller, sessionId: string, ctx: RequestContext = {}): Promise<ChatSession> {
  const { session, requested } = await transaction(async (tx) => markNeedsPerson(tx, caller, sessionId, ctx));
  // In the background: a slow mail server must not hold the customer's request or chat turn.
  if (requested) void mailPersonNeeded(caller, session).catch((error: unknown) => logger().error({ err: error }, "person-needed mail failed"));
  return session;
}

/**
 * How often the admins are mailed that someone waits: once per conversation in PERSON_MAIL_EVERY_SECONDS
 * (a request taken back and made again is one wait), and PERSON_MAILS_PER_BUSINESS_PER_HOUR in all,
 * since anyone with the widget's public key can open conversations. The inbox shows every request.
 */
const PERSON_MAIL_EVERY_SECONDS = 15 * 60;
const PERSON_MAILS_PER_BUSINESS_PER_HOUR = 60;

async function mailPersonNeeded(caller: ChatCaller, session: ChatSession): Promise<void> {
  if (!(await consume({ bucket: "person_mail", key: session.id, limit: 1, windowSeconds: PERSON_MAIL_EVERY_SECONDS })).allowed) return;
  if (!(await consume({ bucket: "person_mail_business", key: session.businessId, limit: PERSON_MAILS_PER_BUSINESS_PER_HOUR, windowSeconds: 3600 })).allowed) return;
  const db = getDb();
  const [business, admins, lastQuestion] = await Promise.all([
    getBusinessById(db, { businessId: session.businessId }),
    listActiveAdmins(db, { businessId: session.businessId }),
    chatQueries.lastUserMessage(db, { sessionId: session.id, businessId: session.businessId }),
  ]);
  if (!business) return;
  const customer = whoTypes(caller, session).name;
  const excerpt = startWithin(lastQuestion ?? "(no message yet)", 280);
  const mail = handoffMail({ businessName: business.name, customer, excerpt, link: `${appUrl()}/inbox?${new URLSearchParams({ session: session.id })}` });
  await Promise.all(admins.map((admin) => sendMail(admin.email, mail)));
}

/** Marks the conversation as waiting for a person, unless a person already has it; `requested` says whether it changed. */
async function markNeedsPerson(
  tx: Parameters<Parameters<typeof transaction>[0]>[0],
  caller: ChatCaller,
  sessionId: string,
  ctx: RequestContext = {},
): Promise<{ session: ChatSession; requested: boolean }> {
  const current = await chatQueries.lockBusinessSession(tx, { sessionId, businessId: caller.businessId });
  if (!current) throw notFound("Chat session");
  // A conversation that takes no more messages has nobody to wait for: no admin could answer it.
  await assertNotExpired(tx, current);
  if (current.handler !== "assistant") return { session: current, requested: false };
  const changed = await ownerSetsHandling(tx, caller, current, {
    values: { handler: "needs_person", personRequestedAt: new Date() },
    action: "chat.person_request",
    reason: "requested",
    ctx,
  });
  return { session: changed, requested: true };
}

/**
 * The conversation's owner changes who answers it (asks for a person, or takes the request back): the
 * locked session's handling, its audit entry and the `handoff` event, all in the caller's transaction.
 */
async function ownerSetsHandling(
  tx: Parameters<Parameters<typeof transaction>[0]>[0],
  caller: ChatCaller,
  current: ChatSession,
  change: {
    values: { handler: ChatSession["handler"]; personRequestedAt: Date | null };
    action: "chat.person_request" | "chat.person_request_withdraw";
    reason: string;
    ctx: RequestContext;
  },
): Promise<ChatSession> {
  const changed = await chatQueries.setSessionHandling(tx, { sessionId: current.id, businessId: current.businessId, values: change.values });
  await recordAudit(tx, {
    ...auditActorOf(caller),
    action: change.action,
    entityType: "chat_session",
    entityId: current.id,
    summary: auditVia(caller),
    requestId: change.ctx.requestId,
  });
  await publishEvents(tx, caller.businessId, [handoffEvent(changed, null, change.reason)]);
  return changed;
}
