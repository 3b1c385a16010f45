import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, transaction, type Database } from "@/db/client";
import type { ChatMessage, ChatSession } from "@/db/schema";
import { costCents } from "@/lib/ai/prices";
import { buildPrompt } from "@/lib/ai/prompt";
import { chatModelFor } from "@/lib/ai/provider";
import { countTokens } from "@/lib/ai/tokens";
import { UpstreamError, type ChatProvider, type PromptMessage, type ProviderEvent } from "@/lib/ai/types";
import type { ChatCaller } from "@/lib/auth/caller";
import { chatSettingsOf } from "@/lib/business/chat-settings";
import type { ChatSettings } from "@/lib/business/queries";
import { getBalanceRow, getWalletBalance } from "@/lib/credits/queries";
import { refundCredits, reserveCredits, type Charge } from "@/lib/credits/service";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { creditsEvent, messageEvent, publishEvents, sessionEvent } from "@/lib/events/publish";
import type { NewEvent } from "@/lib/events/queries";
import { handBack, isAgentIdle } from "./handoff";
import { listFilesForTurn, type FileWithSample } from "@/lib/files/service";
import { logger } from "@/lib/logger";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { listApprovedProductsByIds } from "@/lib/products/service";
import * as q from "./queries";
import { assertCustomersMayChat, countDailyAnswer, giveBackDailyAnswer } from "./daily-allowance";
import { retrieveProducts } from "./retrieval";
import type { ChatEvent, ChatMessageDto, ProductCard, PurchaseProposal, SendMessageInput, SendMessageResult, Usage } from "./schemas";
import type { SessionStatus } from "./vocabulary";
import type { EndUser } from "@/db/schema";
import {
  assertMayChat,
  DEFAULT_SESSION_TITLE,
  endUserOfCall,
  isExpired,
  newSessionOwner,
  ownerOf,
  requireOwnedSession,
  sessionExpired,
  sessionStatusOf,
  titleFromMessage,
  toMessageDto,
} from "./service";
import { toolRuntimeFor } from "./tools";

/**
 * One chat turn: open (one transaction), stream the provider's answer through a pure fold, settle
 * (one transaction). The fold decides everything about the outcome — status, refund, usage, cost,
 * the stored values and the last event — so it is tested without a database.
 */

const HISTORY_TURNS = 20;
const RETRIEVED_PRODUCTS = 8;
const RECENT_PRODUCTS = 5;

// ---- the fold (pure) ------------------------------------------------------------------------

export type TurnStatus = "complete" | "error" | "aborted";

/** What a turn has gathered from the provider so far. */
export type TurnProgress = {
  text: string;
  /** The provider's own count, when it reported one. */
  usage: Usage | null;
  /** The part of the usage's prompt tokens read from the provider's prompt cache. */
  cachedPromptTokens: number;
  /** The model the provider says answered (it may name a dated snapshot of the one asked for). */
  model: string;
  cards: ProductCard[];
  proposal: PurchaseProposal | null;
  toolCalls: { name: string; arguments: unknown }[];
};

export function beginTurn(model: string): TurnProgress {
  return { text: "", usage: null, cachedPromptTokens: 0, model, cards: [], proposal: null, toolCalls: [] };
}

/** One provider event folded in, with the events the client is sent for it (cards only once each). */
export function foldProviderEvent(progress: TurnProgress, event: ProviderEvent): { progress: TurnProgress; emit: ChatEvent[] } {
  switch (event.type) {
    case "delta":
      return { progress: { ...progress, text: progress.text + event.text }, emit: [{ event: "delta", data: { text: event.text } }] };
    case "products": {
      const cards = new Map(progress.cards.map((card) => [card.id, card]));
      const fresh = event.items.filter((item) => !cards.has(item.id));
      for (const item of event.items) cards.set(item.id, item);
      return {
        progress: { ...progress, cards: [...cards.values()] },
        emit: fresh.length ? [{ event: "products", data: { items: fresh } }] : [],
      };
    }
    case "proposal":
      return { progress: { ...progress, proposal: event.proposal }, emit: [{ event: "proposal", data: event.proposal }] };
    case "tool_call":
      return { progress: { ...progress, toolCalls: [...progress.toolCalls, { name: event.name, arguments: event.arguments }] }, emit: [] };
    case "usage":
      return { progress: { ...progress, usage: event.usage, cachedPromptTokens: event.cachedPromptTokens ?? 0, model: event.model || progress.model }, emit: [] };
  }
}

/**
 * Drives a provider stream through the fold, yielding each event to send. A failure ends the
 * stream but not the turn: it comes back with everything gathered before it.
 */
export async function* foldProviderStream(
  stream: AsyncIterable<ProviderEvent>,
  start: TurnProgress,
): AsyncGenerator<ChatEvent, { progress: TurnProgress; failure: unknown }> {
  let progress = start;
  try {
    for await (const event of stream) {
      const step = foldProviderEvent(progress, event);
      progress = step.progress;
      yield* step.emit;
    }
  } catch (failure) {
    return { progress, failure };
  }
  return { progress, failure: null };
}

export type TurnConclusion = {
  status: TurnStatus;
  /** A failure before any text: the asker got nothing, so it is no message of an end user's day. */
  unanswered: boolean;
  /** An unanswered turn costs the user nothing; once text was produced the charge stands. */
  refund: boolean;
  usage: Usage;
  costCents: string;
  /** Who answered: `openai`, `anthropic` or `local` (the model is in `values`). */
  provider: string;
  /** Neither a stop nor a known upstream failure: worth an error log. */
  unexpected: boolean;
  /** The assistant row as it is stored. */
  values: {
    content: string;
    status: TurnStatus;
    model: string;
    promptTokens: number;
    completionTokens: number;
    tokensUsed: number;
    costCents: string;
    productCards: ProductCard[] | null;
    proposal: PurchaseProposal | null;
    toolCalls: { name: string; arguments: unknown }[] | null;
    error: string | null;
    /** The answer searched the catalog and had nothing to show: a question the catalog could not answer. */
    noMatch: boolean;
  };
};

/** A complete answer that ran a catalog search and ended with no product cards and no proposal. */
export function foundNothing(progress: Pick<TurnProgress, "cards" | "proposal" | "toolCalls">, status: TurnStatus): boolean {
  return (
    status === "complete" &&
    progress.toolCalls.some((call) => call.name === "search_products") &&
    progress.cards.length === 0 &&
    progress.proposal === null
  );
}

function estimatedUsage(text: string, promptTokens: number): Usage {
  if (!text) return { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const completionTokens = countTokens(text);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/** How the turn ends, from what was gathered and how the stream stopped. */
export function concludeTurn(
  progress: TurnProgress,
  ending: { aborted: boolean; failure: unknown },
  charge: { provider: string; promptTokens: number; cost: number },
): TurnConclusion {
  const { aborted } = ending;
  const { text } = progress;
  // An answer that ended with nothing to show (no text, no card, no proposal: a model that spent its
  // output cap thinking, or stopped at once) answered nothing: it fails and is refunded like one.
  const empty = !aborted && !ending.failure && text.trim() === "" && progress.cards.length === 0 && progress.proposal === null;
  const failure = empty ? new UpstreamError("protocol", "The model returned an empty answer.") : ending.failure;
  const status: TurnStatus = aborted ? "aborted" : failure ? "error" : "complete";
  // Providers that never report usage still get a record, counted with the tokenizer.
  const usage: Usage = progress.usage ?? estimatedUsage(text, charge.promptTokens);
  const cents = costCents({ provider: charge.provider, model: progress.model, ...usage, cachedPromptTokens: progress.usage ? progress.cachedPromptTokens : 0 });
  const unanswered = status === "error" && text.trim() === "";
  return {
    status,
    unanswered,
    refund: unanswered && charge.cost > 0,
    usage,
    costCents: cents,
    provider: charge.provider,
    unexpected: Boolean(failure) && !aborted && !(failure instanceof UpstreamError),
    values: {
      content: text,
      status,
      model: progress.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      tokensUsed: usage.totalTokens,
      costCents: cents,
      productCards: progress.cards.length ? progress.cards : null,
      proposal: progress.proposal,
      toolCalls: progress.toolCalls.length ? progress.toolCalls : null,
      error: status === "complete" ? null : failure instanceof Error ? failure.message : aborted ? "aborted by the client" : String(failure),
      noMatch: foundNothing(progress, status),
    },
  };
}

/**
 * The turn's last event; `credits` is the balance right after this turn's own charge (and refund):
 * the member's own, the wallet's for the business's server, null for a website visitor.
 */
export function closingEvent(conclusion: TurnConclusion, credits: number | null, status: SessionStatus): ChatEvent {
  switch (conclusion.status) {
    case "complete":
      return {
        event: "done",
        data: { usage: conclusion.usage, costCents: conclusion.costCents, credits, provider: conclusion.provider, model: conclusion.values.model, status },
      };
    case "error":
      return {
        event: "error",
        data: {
          error: "upstream_error",
          detail: conclusion.unanswered
            ? "The assistant could not answer right now; your credits were refunded. Please try again."
            : "The assistant stopped mid-answer; the partial answer was saved.",
        },
      };
    case "aborted":
      return { event: "error", data: { error: "aborted", detail: "The answer was stopped; the partial answer was saved." } };
  }
}

// ---- open and settle (one transaction each) -------------------------------------------------

/** A message to a person of the business: stored for them, not charged, not sent to the model. */
type PersonTurn = { kind: "person"; session: ChatSession; userMessage: ChatMessage; balance: number };

export type OpenedTurn = {
  kind: "assistant";
  session: ChatSession;
  userMessage: ChatMessage;
  assistant: ChatMessage;
  charge: Charge & { messageId: string };
  /** The balance right after the charge. */
  balance: number;
  isNewSession: boolean;
};

/**
 * Locks (or creates) the session, counts an end user's answer against their day (429), stores the
 * user's message, reserves the message cost (402 `insufficient_credits`; a member's own credits, the
 * business wallet for an end user) and a `streaming` assistant row, and touches the session — all or
 * nothing. An end user's conversation past its business's timeout takes no more messages (410 `session_expired`).
 */
function openTurn(
  caller: ChatCaller,
  input: {
    message: string;
    /** The conversation to continue (null: a new one), checked here to be the caller's. */
    sessionId: string | null;
    endUser: EndUser | null;
    settings: ChatSettings;
    model: string;
    provider: ChatProvider["name"];
    now: Date;
    branch?: TurnBranch;
  },
): Promise<OpenedTurn | PersonTurn> {
  const { sessionId, settings } = input;
  const cost = settings.messageCost;
  const businessId = caller.businessId;
  const owner = ownerOf(caller, input.endUser);
  return transaction(async (tx) => {
    // The lock makes a concurrent delete wait instead of leaving the new messages pointing at nothing.
    const locked = sessionId ? await q.getOwnedSession(tx, { sessionId, owner, lock: "update" }) : null;
    if (sessionId && !locked) throw notFound("Chat session");
    if (locked && isExpired(locked, settings.sessionTimeoutMinutes)) {
      throw sessionExpired();
    }
    const memberId = caller.kind === "member" ? caller.actor.id : null;
    const handoffEvents: NewEvent[] = [];
    let current = locked;
    if (current && isAgentIdle(current, input.now)) {
      const returned = await handBack(tx, current, { by: null });
      current = returned.session;
      handoffEvents.push(returned.event);
    }
    if (current && input.branch && current.handler !== "assistant") {
      throw new AppError(
        "conflict",
        current.handler === "with_person"
          ? "A person of the team is handling this conversation; answers cannot be regenerated or messages edited now."
          : "A person of the team has been asked to join this conversation; answers cannot be regenerated or messages edited until the assistant answers again.",
      );
    }
    if (current && input.branch) {
      // The branch point is read again under the session's lock: a concurrent clear or edit may have moved it.
      const point = await q.getSessionMessage(tx, { sessionId: current.id, businessId, messageId: input.branch.kind === "regenerate" ? input.branch.question.id : input.branch.original.id });
      if (!point) throw notFound("Message");
    }
    // Once a person is asked for (and while one is with the conversation) the assistant stays quiet: the
    // message waits for the person, and costs nothing.
    if (current && current.handler !== "assistant") {
      const userMessage = await q.insertMessage(
        tx,
        {
          id: randomUUID(),
          businessId,
          sessionId: current.id,
          userId: memberId,
          endUserId: current.endUserId,
          role: "user",
          content: input.message,
          status: "complete",
          userRoleAtTime: caller.kind === "member" ? caller.actor.role : null,
        },
        // A conversation made empty-handed ("New chat") takes its title from its first message, whoever answers it.
        { touch: { title: current.title === DEFAULT_SESSION_TITLE && current.messageCount === 0 ? titleFromMessage(input.message) : undefined } },
      );
      const balance = await currentBalance(tx, { userId: memberId, businessId, endUserId: current.endUserId, amount: 0 });
      await publishEvents(tx, businessId, [messageEvent(current, "created", toMessageDto(userMessage))]);
      return { kind: "person", session: current, userMessage, balance };
    }
    const session = current ?? (await q.insertSession(tx, { ...newSessionOwner(caller, input.endUser), config: {}, title: titleFromMessage(input.message) }));
    const endUserId = session.endUserId;
    if (endUserId) await countDailyAnswer(tx, { endUserId, settings });
    const branch = input.branch;
    // A regeneration answers the same question again; an edit is a new question in the old one's place.
    const userMessage =
      branch?.kind === "regenerate"
        ? branch.question
        : await q.insertMessage(tx, {
            id: randomUUID(),
            businessId,
            sessionId: session.id,
            userId: memberId,
            endUserId,
            role: "user",
            content: input.message,
            status: "complete",
            userRoleAtTime: caller.kind === "member" ? caller.actor.role : null,
            ...(branch?.kind === "edit" ? { parentId: branch.original.parentId } : {}),
          });
    // A session created just now already carries its activity time and title; one made
    // empty-handed ("New chat") takes its title from its first message. The locked row's count is
    // exact: every writer of messages holds the lock.
    const written = branch?.kind === "regenerate" ? 1 : 2;
    const retitle = locked !== null && locked.title === DEFAULT_SESSION_TITLE && locked.messageCount + written === 2;
    const assistant = await q.insertMessage(
      tx,
      {
        businessId,
        sessionId: session.id,
        userId: memberId,
        endUserId,
        role: "assistant",
        content: "",
        status: "streaming",
        model: input.model,
        provider: input.provider,
        parentId: userMessage.id,
      },
      locked ? { touch: { title: retitle ? titleFromMessage(input.message) : undefined } } : {},
    );
    if (branch) await q.setActiveLeaf(tx, { sessionId: session.id, businessId, leafId: assistant.id, branched: true });
    // A regeneration is a charge of its own, named after the new answer; a turn's names its question.
    const charge = { userId: memberId, businessId, endUserId, amount: cost, messageId: branch?.kind === "regenerate" ? assistant.id : userMessage.id };
    const balance = cost > 0 ? (await reserveCredits(tx, charge)).balance : await currentBalance(tx, charge);
    await publishEvents(tx, businessId, [
      ...handoffEvents,
      ...(locked ? [] : [sessionEvent(session, "created")]),
      ...(branch?.kind === "regenerate" ? [] : [messageEvent(session, "created", toMessageDto(userMessage))]),
      messageEvent(session, "created", toMessageDto(assistant, { creditsCharged: cost > 0 ? cost : null })),
      ...(cost > 0 ? [creditsEvent({ businessId, userId: memberId, balance })] : []),
    ]);
    return { kind: "assistant", session: branch ? { ...session, branched: true } : session, userMessage, assistant, charge, balance, isNewSession: !locked };
  });
}

async function currentBalance(tx: Database, charge: Charge): Promise<number> {
  if (charge.userId) return (await getBalanceRow(tx, { userId: charge.userId, businessId: charge.businessId }))?.credits ?? 0;
  return (await getWalletBalance(tx, { businessId: charge.businessId })) ?? 0;
}

/** What the turn's ledger rows add up to, as the history reports it: null when nothing was charged. */
function chargedFor(opened: OpenedTurn, refunded: boolean): number | null {
  if (opened.charge.amount === 0) return null;
  return refunded ? 0 : opened.charge.amount;
}

const CLEARED_DURING_TURN = "The conversation was cleared while this answer was being written; your credits were refunded.";
const ENDED_DURING_TURN = "This answer took too long and was ended; your credits were refunded.";

/**
 * Refunds a turn's charge. When its conversation was cleared or deleted while it ran, the ledger row
 * names no message (there is none left to name), and the refund is owed either way: nothing was kept.
 */
function refundTurn(tx: Database, opened: OpenedTurn, messageKept: boolean) {
  return refundCredits(tx, messageKept ? opened.charge : { ...opened.charge, messageId: null });
}

/**
 * Stores the assistant row as concluded and refunds when due; returns it with the balance after. A
 * message gone meanwhile (its conversation cleared or deleted) is null, and its charge refunded; one the
 * stale-turn sweep ended meanwhile (lib/chat/stale-turns.ts, which refunded it) is null and `ended`.
 */
function settleTurn(
  businessId: string,
  opened: OpenedTurn,
  conclusion: TurnConclusion,
): Promise<{ message: ChatMessage | null; handler?: SessionStatus; ended?: boolean; credits: number; creditsCharged: number | null }> {
  return transaction(async (tx) => {
    // A refund's ledger row checks the question it names, which clearing the conversation deletes: like
    // every writer of a conversation's messages, it takes the conversation's lock first, or the two deadlock.
    // Giving back an end user's day, even at no cost, keeps the order a turn opens in: conversation, day, wallet.
    if (conclusion.unanswered) await q.lockBusinessSession(tx, { sessionId: opened.session.id, businessId });
    const settled = await q.settleStreamingMessage(tx, { id: opened.assistant.id, businessId, values: conclusion.values });
    if (!settled) {
      if (await q.getMessageInBusiness(tx, { businessId, messageId: opened.assistant.id })) {
        return { message: null, ended: true, credits: await currentBalance(tx, opened.charge), creditsCharged: 0 };
      }
      const refunded = opened.charge.amount > 0 ? await refundTurn(tx, opened, false) : null;
      if (refunded) await publishEvents(tx, businessId, [creditsEvent({ businessId, userId: opened.charge.userId, balance: refunded.balance })]);
      return { message: null, credits: refunded?.balance ?? opened.balance, creditsCharged: 0 };
    }
    const { message, handler } = settled;
    if (conclusion.unanswered) await giveBackDailyAnswer(tx, message);
    const credits = conclusion.refund ? (await refundTurn(tx, opened, true)).balance : opened.balance;
    const creditsCharged = chargedFor(opened, conclusion.refund);
    await publishEvents(tx, businessId, [
      messageEvent(opened.session, "completed", toMessageDto(message, { creditsCharged })),
      ...(conclusion.refund ? [creditsEvent({ businessId, userId: opened.charge.userId, balance: credits })] : []),
    ]);
    return { message, handler, credits, creditsCharged };
  });
}

/**
 * The last resort when settling failed (a value the database refused, a lost connection): no turn
 * may stay `streaming`. Only fixed values are written, so nothing the answer produced can make
 * this fail too; the user keeps nothing of the answer, so the charge is refunded. An answer the
 * settling did store (its commit went through, only its reply was lost) is left as it is: "settled".
 */
export async function abandonTurn(businessId: string, opened: OpenedTurn): Promise<"abandoned" | "settled" | "stuck"> {
  try {
    return await transaction(async (tx) => {
      await q.lockBusinessSession(tx, { sessionId: opened.session.id, businessId });
      const failed = await q.updateMessage(tx, {
        id: opened.assistant.id,
        businessId,
        values: { status: "error", content: "", error: "The answer could not be saved." },
        onlyStreaming: true,
      });
      // Settled after all (the settling commit went through but its answer was lost): nothing to undo.
      if (!failed && (await q.getMessageInBusiness(tx, { businessId, messageId: opened.assistant.id }))) return "settled";
      if (failed) await giveBackDailyAnswer(tx, failed);
      const refunded = opened.charge.amount > 0 ? await refundTurn(tx, opened, failed !== null) : null;
      await publishEvents(tx, businessId, [
        ...(failed ? [messageEvent(opened.session, "completed", toMessageDto(failed, { creditsCharged: chargedFor(opened, refunded !== null) }))] : []),
        ...(refunded ? [creditsEvent({ businessId, userId: opened.charge.userId, balance: refunded.balance })] : []),
      ]);
      return "abandoned";
    });
  } catch (error) {
    logger().error({ err: error, assistantMessageId: opened.assistant.id }, "could not mark the assistant message as failed");
    return "stuck";
  }
}

// ---- the use cases --------------------------------------------------------------------------

export type TurnResult = { message: ChatMessageDto | null; credits: number | null; usage: Usage; status: SessionStatus };

export type ChatTurn = {
  sessionId: string;
  userMessageId: string;
  /** Null when a person handles the conversation. */
  assistantMessageId: string | null;
  /** Runs the model and yields `meta` first and `done` or `error` last; always stores the outcome. */
  events: AsyncGenerator<ChatEvent>;
  /** Stops the model; the partial answer is stored as `aborted` and the charge stands. */
  abort: () => void;
  /** The stored assistant message once `events` has finished. */
  result: () => TurnResult | null;
};

/**
 * Where a turn attaches when it is not the next message of the conversation: a new answer to the
 * question an answer replied to, or a new version of a user's message from the same point.
 */
export type TurnBranch = { kind: "regenerate"; question: ChatMessage } | { kind: "edit"; original: ChatMessage };

/** How a turn is wired to its caller: the request's abort signal, and the model (tests inject one). */
export type TurnRuntime = { signal?: AbortSignal; provider?: ChatProvider; now?: () => Date };

/**
 * Starts one turn: 404 when the session is not the caller's, 410 when an end user's session expired,
 * 429 when the end user has used up the business's daily messages, 402 `insufficient_credits` (and
 * no model call) when the message cost cannot be reserved. The model runs while `events` is consumed.
 */
export async function startChatTurn(caller: ChatCaller, input: SendMessageInput, runtime: TurnRuntime = {}, branch?: TurnBranch): Promise<ChatTurn> {
  assertMayChat(caller);
  const found = await chatSettingsOf(caller.businessId);
  if (!found) throw notFound("Business");
  const settings: ChatSettings = found;
  const endUser = await endUserOfCall(getDb(), caller, input.userIdentifier);
  const sessionId = input.sessionId ?? null;
  if (sessionId !== null && !isUuid(sessionId)) throw notFound("Chat session");
  // A member's session is checked once, by the turn's own locking read; a key's or a visitor's is
  // read first: its model and the end user it belongs to, counted per minute, are needed before that.
  const existing = sessionId !== null && caller.kind !== "member" ? await requireOwnedSession(caller, sessionId, endUser) : null;
  // A member's conversation uses the business's model; an API or widget session may have chosen its own.
  const { provider, model } = runtime.provider
    ? { provider: runtime.provider, model: runtime.provider.name }
    : chatModelFor({ businessModel: settings.model, session: existing?.config });
  const endUserId = existing?.endUserId ?? endUser?.id ?? null;
  // A widget visitor was counted per minute by the route; the business's server names its end user in the body.
  if (caller.kind === "api" && endUserId) await enforceLimit("end_user_send", { accountId: `end-user:${endUserId}` });
  if (caller.kind !== "member" && endUserId) assertCustomersMayChat(settings);
  const now = runtime.now?.() ?? new Date();
  const openedAny = await openTurn(caller, { message: input.message, sessionId, endUser, settings, model, provider: provider.name, now, branch });
  if (openedAny.kind === "person") return personTurn(caller, openedAny, settings);
  const opened = openedAny;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (runtime.signal?.aborted) controller.abort();
  runtime.signal?.addEventListener("abort", onAbort, { once: true });

  let result: TurnResult | null = null;
  const assistantMessageId = opened.assistant.id;

  async function* run(): AsyncGenerator<ChatEvent> {
    yield { event: "meta", data: { sessionId: opened.session.id, userMessageId: opened.userMessage.id, assistantMessageId } };
    let progress = beginTurn(model);
    let failure: unknown = null;
    let promptTokens = 0;
    // The assistant may hand the conversation to a person during the turn (its request_human tool).
    let handler: SessionStatus = sessionStatusOf(opened.session, settings.sessionTimeoutMinutes);
    try {
      // A session created by this very turn has no files yet.
      const files = opened.isNewSession ? [] : await listFilesForTurn({ businessId: caller.businessId, sessionId: opened.session.id });
      const prompt = await promptFor(caller, settings, {
        session: opened.session,
        message: input.message,
        questionId: opened.userMessage.id,
        historyLeafId: opened.userMessage.parentId,
        newSession: opened.isNewSession,
        files,
      });
      promptTokens = prompt.promptTokens;
      const stream = provider.stream({
        messages: prompt.messages,
        userMessage: input.message,
        model,
        promptTokens: prompt.promptTokens,
        maxPromptTokens: prompt.budget,
        tools: toolRuntimeFor(caller, {
          sessionId: opened.session.id,
          files: files.map(({ file }) => file),
          onHandlerChange: (changed) => {
            handler = changed;
          },
        }),
        signal: controller.signal,
      });
      ({ progress, failure } = yield* foldProviderStream(stream, progress));
    } catch (error) {
      failure = error;
    } finally {
      runtime.signal?.removeEventListener("abort", onAbort);
    }

    const conclusion = concludeTurn(
      progress,
      { aborted: controller.signal.aborted, failure },
      { provider: provider.name, promptTokens, cost: settings.messageCost },
    );
    if (conclusion.unexpected) logger().error({ err: failure, assistantMessageId }, "chat turn failed");
    let credits: number | null;
    try {
      const settled = await settleTurn(caller.businessId, opened, conclusion);
      // A website visitor is not told the business's wallet balance.
      credits = caller.kind === "visitor" ? null : settled.credits;
      if (!settled.message) {
        yield { event: "error", data: { error: "aborted", detail: settled.ended ? ENDED_DURING_TURN : CLEARED_DURING_TURN } };
        return;
      }
      // Who answers next as stored when the answer was: the assistant's own hand-over, or a person who
      // took the conversation over while it was written (the answer itself is finished either way).
      handler = settled.handler ?? handler;
      result = {
        message: toMessageDto(settled.message, { creditsCharged: settled.creditsCharged }),
        credits,
        usage: conclusion.usage,
        status: handler,
      };
    } catch (error) {
      logger().error({ err: error, assistantMessageId }, "could not store the assistant message");
      const detail = {
        abandoned: "The answer could not be saved; your credits were refunded.",
        settled: "The answer was saved, but this connection lost track of it. Reload the conversation to read it.",
        stuck: "The answer could not be saved. Please try again in a moment.",
      }[await abandonTurn(caller.businessId, opened)];
      yield { event: "error", data: { error: "internal_error", detail } };
      return;
    }
    yield closingEvent(conclusion, credits, handler);
  }

  return {
    sessionId: opened.session.id,
    userMessageId: opened.userMessage.id,
    assistantMessageId,
    events: run(),
    abort: () => controller.abort(),
    result: () => result,
  };
}

/** The turn of a message to a person: acknowledged, then `handoff`; nothing runs and nothing is charged. */
function personTurn(caller: ChatCaller, opened: PersonTurn, settings: ChatSettings): ChatTurn {
  const credits = caller.kind === "visitor" ? null : opened.balance;
  const status = sessionStatusOf(opened.session, settings.sessionTimeoutMinutes);
  async function* run(): AsyncGenerator<ChatEvent> {
    yield { event: "meta", data: { sessionId: opened.session.id, userMessageId: opened.userMessage.id, assistantMessageId: null } };
    const detail =
      status === "needs_person"
        ? "A person from the team has been asked to join and will reply here."
        : "A person from the team is handling this conversation and will reply here.";
    yield { event: "handoff", data: { status, detail } };
  }
  return {
    sessionId: opened.session.id,
    userMessageId: opened.userMessage.id,
    assistantMessageId: null,
    events: run(),
    abort: () => {},
    result: () => ({ message: null, credits, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, status }),
  };
}

/**
 * Sends a message and waits for the whole answer (JSON mode). Same permission and errors as
 * startChatTurn; a model failure is 502 `upstream_error` after the outcome (and any refund) is stored.
 */
export async function sendChatMessage(caller: ChatCaller, input: SendMessageInput, runtime: TurnRuntime = {}): Promise<SendMessageResult> {
  return finishTurn(await startChatTurn(caller, input, runtime));
}

/** Runs a started turn to its end and answers as JSON mode does. */
export async function finishTurn(turn: ChatTurn): Promise<SendMessageResult> {
  let lastError: Extract<ChatEvent, { event: "error" }>["data"] | null = null;
  for await (const event of turn.events) {
    if (event.event === "error") lastError = event.data;
  }
  const result = turn.result();
  // Only a turn whose conversation was cleared under it ends aborted without a result.
  if (!result && lastError?.error === "aborted") throw new AppError("conflict", lastError.detail);
  if (!result) throw new AppError("internal_error", lastError?.detail ?? "The answer could not be saved.");
  if (lastError) throw new AppError("upstream_error", lastError.detail);
  return {
    sessionId: turn.sessionId,
    status: result.status,
    response: result.message?.content ?? "",
    message: result.message,
    usage: result.usage,
    costCents: result.message?.costCents ?? "0.0000",
    // Who answered; null when the message went to a person instead.
    provider: result.message?.provider ?? null,
    model: result.message?.model ?? null,
    credits: result.credits,
    ...(result.message?.proposal ? { proposal: result.message.proposal } : {}),
  };
}

/**
 * One message of the history as the model reads it. A person of the team spoke for the business, so
 * their reply is on the assistant's side, named, so that after a hand-back the assistant knows what
 * was said and by whom rather than taking it for its own words.
 */
export function historyMessage(message: Pick<ChatMessage, "role" | "content" | "authorName">): PromptMessage {
  if (message.role === "user") return { role: "user", content: message.content };
  if (message.role === "agent") return { role: "assistant", content: `[${message.authorName ?? "A person of the team"}, a person of the team, replied:] ${message.content}` };
  return { role: "assistant", content: message.content };
}

/**
 * The products the last three answers of the history showed (cards, then a proposal), newest first: read
 * from the history the prompt holds, so an answer on a branch the conversation left, or one written after
 * this turn's question, puts nothing before the model that the person cannot see.
 */
export function recentlyShownProductIds(history: Pick<ChatMessage, "role" | "productCards" | "proposal">[], limit: number): string[] {
  const ids: string[] = [];
  const answers = history.filter((message) => message.role === "assistant" && (message.productCards || message.proposal)).slice(-3).reverse();
  for (const answer of answers) {
    if (answer.proposal) ids.push(answer.proposal.productId);
    for (const card of answer.productCards ?? []) ids.push(card.id);
  }
  return [...new Set(ids)].slice(0, limit);
}

/** The prompt for one turn: the session's recent history and the products the message and recent answers name. */
async function promptFor(
  caller: ChatCaller,
  settings: ChatSettings,
  input: { session: ChatSession; message: string; questionId: string; historyLeafId: string | null; newSession: boolean; files: FileWithSample[] },
) {
  const db = getDb();
  const businessId = caller.businessId;
  const scope = { sessionId: input.session.id, businessId };
  // A session created by this very turn has no history to read; one with branches reads its own branch.
  const history = input.newSession
    ? Promise.resolve([])
    : input.session.branched
      ? input.historyLeafId
        ? q.listBranchTurns(db, { ...scope, leafId: input.historyLeafId, limit: HISTORY_TURNS })
        : Promise.resolve([])
      : q.listRecentTurns(db, { ...scope, beforeId: input.questionId, limit: HISTORY_TURNS });
  const [turnsBefore, searched] = await Promise.all([history, retrieveProducts({ businessId, text: input.message, limit: RETRIEVED_PRODUCTS })]);
  const recentIds = recentlyShownProductIds(turnsBefore, RECENT_PRODUCTS);
  const seen = new Set(searched.map((product) => product.id));
  const recent = await listApprovedProductsByIds({ businessId, ids: recentIds.filter((id) => !seen.has(id)) });
  const turns: PromptMessage[] = turnsBefore.filter((m) => m.content.trim()).map(historyMessage);
  return buildPrompt({
    settings: { businessName: settings.businessName, botName: settings.botName, greeting: settings.greeting, instructions: settings.instructions },
    audience: caller.kind === "member" ? "member" : "end_user",
    session: input.session.config,
    // Best first: the search's own order, then what recent answers showed.
    products: [...searched, ...recent],
    history: turns,
    files: input.files.map(({ file, sample }) => ({
      id: file.id,
      name: file.name,
      rows: file.rowCount,
      summary: file.summary,
      columns: file.columns,
      sample,
    })),
    message: input.message,
    contextTokens: env().MODEL_CONTEXT_TOKENS,
    maxOutputTokens: env().MODEL_MAX_OUTPUT_TOKENS,
  });
}
