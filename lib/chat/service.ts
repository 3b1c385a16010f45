import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import type { ChatMessage, ChatSession, ProductCard, PurchaseProposal } from "@/db/schema";
import { costCents as priceCall } from "@/lib/ai/prices";
import { buildPrompt, type PromptProduct } from "@/lib/ai/prompt";
import { getChatProvider } from "@/lib/ai/provider";
import { countTokens } from "@/lib/ai/tokens";
import { UpstreamError, type ChatProvider, type PromptMessage } from "@/lib/ai/types";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getChatSettings, type ChatSettings } from "@/lib/business/queries";
import { getBalanceRow } from "@/lib/credits/queries";
import { refundCredits, reserveCredits } from "@/lib/credits/service";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import * as q from "./queries";
import { getApprovedProductsByIds, isUuid, searchApprovedProducts } from "./retrieval";
import type {
  ChatMessageDto,
  ChatSessionDetailsDto,
  ChatSessionDto,
  HistoryQuery,
  SendMessageInput,
  SendMessageResult,
  Usage,
} from "./schemas";
import { toolRuntimeFor } from "./tools";

export const DEFAULT_SESSION_TITLE = "New chat";
const HISTORY_TURNS = 20;
const RETRIEVED_PRODUCTS = 8;
const RECENT_PRODUCTS = 5;

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
  const { count, rows } = await q.listOwnedSessions({
    userId: actor.id,
    businessId: actor.businessId,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return { count, results: rows.map(toSessionDto) };
}

/** Starts an empty conversation. Needs `chat:use`. */
export async function createSession(actor: Actor, input: { title?: string }): Promise<ChatSessionDto> {
  assertCan(actor, "chat:use");
  const session = await q.insertSession({ businessId: actor.businessId, userId: actor.id, title: input.title ?? DEFAULT_SESSION_TITLE });
  return toSessionDto(session);
}

async function readableSession(actor: Actor, sessionId: string): Promise<ChatSession> {
  assertCan(actor, "chat:use");
  if (!isUuid(sessionId)) throw notFound("Chat session");
  // Admins read any conversation of their own business; everyone else only their own.
  const session =
    actor.role === "admin"
      ? await q.getBusinessSession({ sessionId, businessId: actor.businessId })
      : await q.getOwnedSession(getDb(), { sessionId, userId: actor.id, businessId: actor.businessId });
  if (!session) throw notFound("Chat session");
  return session;
}

async function ownedSession(actor: Actor, sessionId: string): Promise<ChatSession> {
  assertCan(actor, "chat:use");
  const session = isUuid(sessionId) ? await q.getOwnedSession(getDb(), { sessionId, userId: actor.id, businessId: actor.businessId }) : null;
  if (!session) throw notFound("Chat session");
  return session;
}

/** One session with its message count: the owner, or an admin of the same business. 404 otherwise. */
export async function getSession(actor: Actor, sessionId: string): Promise<ChatSessionDetailsDto> {
  const session = await readableSession(actor, sessionId);
  const messageCount = await q.countSessionMessages({ sessionId: session.id, businessId: actor.businessId });
  return { ...toSessionDto(session), messageCount };
}

/** Renames the caller's own session; 404 for anyone else's. */
export async function renameSession(actor: Actor, input: { sessionId: string; title: string }): Promise<ChatSessionDetailsDto> {
  assertCan(actor, "chat:use");
  const session = isUuid(input.sessionId)
    ? await q.renameOwnedSession({ sessionId: input.sessionId, userId: actor.id, businessId: actor.businessId, title: input.title })
    : null;
  if (!session) throw notFound("Chat session");
  const messageCount = await q.countSessionMessages({ sessionId: session.id, businessId: actor.businessId });
  return { ...toSessionDto(session), messageCount };
}

/** Deletes the caller's own session with its messages (audited); 404 for anyone else's. */
export async function deleteSession(actor: Actor, sessionId: string, options: { requestId?: string } = {}): Promise<void> {
  assertCan(actor, "chat:use");
  if (!isUuid(sessionId)) throw notFound("Chat session");
  await getDb().transaction(async (tx) => {
    const deleted = await q.deleteOwnedSession({ sessionId, userId: actor.id, businessId: actor.businessId }, tx);
    if (!deleted) throw notFound("Chat session");
    await recordAudit(tx, { actor, action: "chat.session_delete", entityType: "chat_session", entityId: sessionId, requestId: options.requestId });
  });
}

/**
 * A page of a session's messages, oldest first within the page. Without `before`, page 1 is the
 * newest `pageSize` messages and page 2 the ones before them; with `before` (a message id) it is
 * the `pageSize` messages just before that one. Owner, or an admin of the same business.
 */
export async function getHistory(actor: Actor, input: HistoryQuery) {
  const session = await readableSession(actor, input.sessionId);
  const scope = { sessionId: session.id, businessId: actor.businessId };
  // The count and the page are independent reads: run them side by side.
  if (input.before) {
    const [count, page] = await Promise.all([
      q.countSessionMessages(scope),
      q.listMessagesBefore({ ...scope, before: input.before, limit: input.pageSize }),
    ]);
    if (!page) throw notFound("Message");
    return {
      count,
      results: page.rows.map(toMessageDto),
      nextBefore: page.hasMore && page.rows[0] ? page.rows[0].id : null,
    };
  }
  const [count, rows] = await Promise.all([
    q.countSessionMessages(scope),
    q.listMessagesPage({ ...scope, limit: input.pageSize, offset: (input.page - 1) * input.pageSize }),
  ]);
  return { count, results: rows.map(toMessageDto), nextBefore: null };
}

/** Deletes every message of the caller's own session; the session stays. 404 for anyone else's. */
export async function clearHistory(actor: Actor, sessionId: string, options: { requestId?: string } = {}): Promise<{ cleared: number }> {
  const session = await ownedSession(actor, sessionId);
  return getDb().transaction(async (tx) => {
    const cleared = await q.clearSessionMessages({ sessionId: session.id, businessId: actor.businessId }, tx);
    await recordAudit(tx, {
      actor,
      action: "chat.history_clear",
      entityType: "chat_session",
      entityId: session.id,
      summary: { cleared },
      requestId: options.requestId,
    });
    return { cleared };
  });
}

// ---- sending --------------------------------------------------------------------------------

export type TurnEvent =
  | { event: "meta"; data: { sessionId: string; userMessageId: string; assistantMessageId: string } }
  | { event: "delta"; data: { text: string } }
  | { event: "products"; data: { items: ProductCard[] } }
  | { event: "proposal"; data: PurchaseProposal }
  | { event: "done"; data: { usage: Usage; costCents: string; credits: number } }
  | { event: "error"; data: { error: string; detail: string } };

export type ChatTurn = {
  sessionId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** Runs the model and yields `meta` first and `done` or `error` last; always stores the outcome. */
  events: AsyncGenerator<TurnEvent>;
  /** Stops the model; the partial answer is stored as `aborted` and the charge stands. */
  abort: () => void;
  /** The stored assistant message once `events` has finished. */
  result: () => { message: ChatMessageDto; credits: number; usage: Usage; failed: boolean } | null;
};

type TurnOptions = { signal?: AbortSignal; provider?: ChatProvider };

/**
 * Starts one turn: validates the session (404 when not the caller's), then in ONE transaction
 * reserves the message cost (402 `insufficient_credits`, and no model call), stores the user's
 * message and a `streaming` assistant row. The model runs while `events` is consumed.
 */
export async function startChatTurn(actor: Actor, input: SendMessageInput, options: TurnOptions = {}): Promise<ChatTurn> {
  assertCan(actor, "chat:use");
  const found = await getChatSettings(getDb(), { businessId: actor.businessId });
  if (!found) throw notFound("Business");
  const settings: ChatSettings = found;
  const existing = input.sessionId ? await ownedSession(actor, input.sessionId) : null;
  const provider = options.provider ?? getChatProvider();
  const model = provider.modelFor(settings.model);
  const cost = settings.messageCost;

  const opened = await getDb().transaction(async (tx) => {
    if (existing && !(await q.lockOwnedSession({ sessionId: existing.id, userId: actor.id, businessId: actor.businessId }, tx))) {
      throw notFound("Chat session");
    }
    const session =
      existing ?? (await q.insertSession({ businessId: actor.businessId, userId: actor.id, title: titleFromMessage(input.message) }, tx));
    const userMessage = await q.insertMessage(
      {
        id: randomUUID(),
        businessId: actor.businessId,
        sessionId: session.id,
        userId: actor.id,
        role: "user",
        content: input.message,
        status: "complete",
        userRoleAtTime: actor.role,
      },
      tx,
    );
    const charge = { userId: actor.id, businessId: actor.businessId, amount: cost, messageId: userMessage.id };
    const balance = cost > 0 ? (await reserveCredits(tx, charge)).balance : ((await getBalanceRow(tx, { userId: actor.id, businessId: actor.businessId }))?.credits ?? 0);
    const assistant = await q.insertMessage(
      {
        businessId: actor.businessId,
        sessionId: session.id,
        userId: actor.id,
        role: "assistant",
        content: "",
        status: "streaming",
        model,
        provider: provider.name,
      },
      tx,
    );
    // A session made empty-handed ("New chat") takes its title from its first message.
    const retitle = existing && existing.title === DEFAULT_SESSION_TITLE && (await q.countSessionMessages({ sessionId: session.id, businessId: actor.businessId }, tx)) === 2;
    // A session created just now already carries its activity time and title.
    if (existing) await q.touchSession({ sessionId: session.id, userId: actor.id, businessId: actor.businessId, title: retitle ? titleFromMessage(input.message) : undefined }, tx);
    return { session, userMessage, assistant, charge, balance, isNewSession: !existing };
  });

  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  let outcome: ReturnType<ChatTurn["result"]> = null;
  const scope = { sessionId: opened.session.id, businessId: actor.businessId };

  async function* run(): AsyncGenerator<TurnEvent> {
    yield {
      event: "meta",
      data: { sessionId: opened.session.id, userMessageId: opened.userMessage.id, assistantMessageId: opened.assistant.id },
    };
    let text = "";
    let usage: Usage | null = null;
    let reportedModel = model;
    let promptTokens = 0;
    const cards = new Map<string, ProductCard>();
    let proposal: PurchaseProposal | null = null;
    const toolCalls: { name: string; arguments: unknown }[] = [];
    let failure: unknown = null;
    try {
      const prompt = await promptFor(actor, settings, scope, input.message, {
        excludeIds: [opened.userMessage.id, opened.assistant.id],
        newSession: opened.isNewSession,
      });
      promptTokens = prompt.promptTokens;
      const stream = provider.stream({
        messages: prompt.messages,
        userMessage: input.message,
        model,
        promptTokens: prompt.promptTokens,
        maxPromptTokens: prompt.budget,
        tools: toolRuntimeFor(actor),
        signal: controller.signal,
      });
      for await (const event of stream) {
        switch (event.type) {
          case "delta":
            text += event.text;
            yield { event: "delta", data: { text: event.text } };
            break;
          case "products": {
            const fresh = event.items.filter((item) => !cards.has(item.id));
            for (const item of event.items) cards.set(item.id, item);
            if (fresh.length) yield { event: "products", data: { items: fresh } };
            break;
          }
          case "proposal":
            proposal = event.proposal;
            yield { event: "proposal", data: event.proposal };
            break;
          case "tool_call":
            toolCalls.push({ name: event.name, arguments: event.arguments });
            break;
          case "usage":
            usage = event.usage;
            if (event.model) reportedModel = event.model;
            break;
        }
      }
    } catch (error) {
      failure = error;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }

    const aborted = controller.signal.aborted;
    const status = aborted ? "aborted" : failure ? "error" : "complete";
    if (failure && !aborted && !(failure instanceof UpstreamError)) {
      logger().error({ err: failure, assistantMessageId: opened.assistant.id }, "chat turn failed");
    }
    // A failure before any text costs the user nothing; once text was produced the charge stands.
    const refund = status === "error" && text === "" && cost > 0;
    const finalUsage: Usage =
      usage ??
      (text
        ? { promptTokens, completionTokens: countTokens(text), totalTokens: promptTokens + countTokens(text) }
        : { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    const cents = priceCall({ provider: provider.name, model: reportedModel, ...finalUsage });
    let credits = opened.balance;
    try {
      const values = {
        content: text,
        status,
        model: reportedModel,
        promptTokens: finalUsage.promptTokens,
        completionTokens: finalUsage.completionTokens,
        tokensUsed: finalUsage.totalTokens,
        costCents: cents,
        productCards: cards.size ? [...cards.values()] : null,
        proposal,
        toolCalls: toolCalls.length ? toolCalls : null,
        error: status === "complete" ? null : failure instanceof Error ? failure.message : aborted ? "aborted by the client" : String(failure),
      } as const;
      // The balance reported is the one right after this turn's own charge (and refund).
      const stored = refund
        ? await getDb().transaction(async (tx) => {
            const message = await q.updateMessage({ id: opened.assistant.id, businessId: actor.businessId, values }, tx);
            credits = (await refundCredits(tx, opened.charge)).balance;
            return message;
          })
        : await q.updateMessage({ id: opened.assistant.id, businessId: actor.businessId, values });
      outcome = { message: toMessageDto(stored), credits, usage: finalUsage, failed: status === "error" };
    } catch (error) {
      logger().error({ err: error, assistantMessageId: opened.assistant.id }, "could not store the assistant message");
      yield { event: "error", data: { error: "internal_error", detail: "The answer could not be saved." } };
      return;
    }

    if (status === "complete") {
      yield { event: "done", data: { usage: finalUsage, costCents: cents, credits } };
    } else if (status === "error") {
      yield {
        event: "error",
        data: {
          error: "upstream_error",
          detail: text
            ? "The assistant stopped mid-answer; the partial answer was saved."
            : "The assistant could not answer right now; your credits were refunded. Please try again.",
        },
      };
    } else {
      yield { event: "error", data: { error: "aborted", detail: "The answer was stopped; the partial answer was saved." } };
    }
  }

  return {
    sessionId: opened.session.id,
    userMessageId: opened.userMessage.id,
    assistantMessageId: opened.assistant.id,
    events: run(),
    abort: () => controller.abort(),
    result: () => outcome,
  };
}

/**
 * Sends a message and waits for the whole answer (JSON mode). Same guarantees as startChatTurn;
 * a model failure is 502 `upstream_error` after the outcome (and any refund) is stored.
 */
export async function sendChatMessage(actor: Actor, input: SendMessageInput, options: TurnOptions = {}): Promise<SendMessageResult> {
  const turn = await startChatTurn(actor, input, options);
  let lastError: { error: string; detail: string } | null = null;
  for await (const event of turn.events) {
    if (event.event === "error") lastError = event.data;
  }
  const result = turn.result();
  if (!result) throw new AppError("internal_error", lastError?.detail ?? "The answer could not be saved.");
  if (lastError) throw new AppError("upstream_error", lastError.detail);
  return {
    sessionId: turn.sessionId,
    response: result.message.content,
    message: result.message,
    usage: result.usage,
    costCents: result.message.costCents ?? "0.0000",
    credits: result.credits,
    ...(result.message.proposal ? { proposal: result.message.proposal } : {}),
  };
}

async function promptFor(
  actor: Actor,
  settings: ChatSettings,
  scope: { sessionId: string; businessId: string },
  message: string,
  options: { excludeIds: string[]; newSession: boolean },
) {
  // A session created by this very turn has no history to read.
  const [history, searched, recentIds] = await Promise.all([
    options.newSession ? [] : q.listRecentTurns({ ...scope, excludeIds: options.excludeIds, limit: HISTORY_TURNS }),
    searchApprovedProducts({ businessId: actor.businessId, query: message, limit: RETRIEVED_PRODUCTS }),
    options.newSession ? [] : q.listRecentlyShownProductIds({ ...scope, limit: RECENT_PRODUCTS }),
  ]);
  const seen = new Set(searched.map((p) => p.id));
  const recent = await getApprovedProductsByIds({ businessId: actor.businessId, ids: recentIds.filter((id) => !seen.has(id)) });
  const products: PromptProduct[] = [...searched, ...recent];
  const turns: PromptMessage[] = history
    .filter((m) => m.content.trim())
    .map((m) => ({ role: m.role === "user" ? "user" : "assistant", content: m.content }));
  return buildPrompt({
    settings: { businessName: settings.businessName, botName: settings.botName, greeting: settings.greeting, instructions: settings.instructions },
    products,
    history: turns,
    message,
    contextTokens: env().MODEL_CONTEXT_TOKENS,
  });
}
