import { formatCount } from "@/lib/format";
import type { ChatEvent, ChatMessageDto, ProductCard } from "./schemas";
import { MESSAGE_MAX_CHARS } from "./vocabulary";

/**
 * The browser's side of one streamed turn of POST /api/chat: the reader (./stream-reader.ts)
 * validates every event with the shared contract (lib/chat/schemas.ts), then a pure reducer folds
 * them, so the rendering and the tests see exactly the same state transitions. Nothing here loads
 * zod, so the chat's first load need not; the reader comes when a turn is about to be sent.
 */

// ---- the turn in flight ---------------------------------------------------------------------

/** One message as the conversation shows it — from history or from a stream in flight. */
export type ConversationMessage = Pick<ChatMessageDto, "id" | "role" | "content" | "status" | "createdAt" | "productCards" | "proposal"> &
  Partial<Pick<ChatMessageDto, "authorName" | "model" | "provider" | "promptTokens" | "completionTokens" | "costCents" | "parentId" | "versions">> & {
    /** The viewer's own 👍/👎 on a stored answer; absent on a message only this browser has seen so far. */
    feedback?: { rating: "up" | "down"; reason: string | null } | null;
    /** Credits the answer's turn took; absent until the stored copy is read. */
    creditsCharged?: number | null;
  };

export type ChatFailure = {
  /** The server's machine code (docs/api.md), or `network` / `interrupted` for failures seen only here. */
  code: string;
  detail: string;
  /** Whether sending the same message again can help (not for a 402 or a rejected message). */
  retryable: boolean;
};

export type TurnPhase = "sending" | "streaming" | "done" | "aborted" | "error";

/**
 * A turn that starts a new branch of a stored conversation instead of continuing it: a new answer
 * to the question `answerId` replied to, or the user's message `messageId` sent again with new text.
 */
export type TurnBranch = { kind: "regenerate"; answerId: string; questionId: string } | { kind: "edit"; messageId: string };

/** Where a turn is posted: a send continues the conversation; a branch goes to its message's own endpoint. */
export function turnRequest({
  message,
  sessionId,
  branch = null,
}: {
  message: string;
  sessionId: string | null;
  branch?: TurnBranch | null;
}): { path: string; body: Record<string, string> } {
  if (branch?.kind === "regenerate") return { path: `/api/chat/messages/${encodeURIComponent(branch.answerId)}/regenerate`, body: {} };
  if (branch?.kind === "edit") return { path: `/api/chat/messages/${encodeURIComponent(branch.messageId)}/edit`, body: { message } };
  return { path: "/api/chat", body: { message, ...(sessionId ? { sessionId } : {}) } };
}

export type TurnState = {
  /** This browser's id for the turn, so events of a superseded stream can be told apart. */
  localId: string;
  phase: TurnPhase;
  /** The text the user sent, kept for Retry. */
  message: string;
  /** The session the turn belongs to: the one it was sent to, or the one `meta` created. */
  sessionId: string | null;
  /** Whether the server acknowledged the turn (`meta`): only then are the messages stored server-side. */
  acknowledged: boolean;
  user: ConversationMessage;
  assistant: ConversationMessage;
  failure: ChatFailure | null;
  /** The balance after the charge, from `done`. */
  credits: number | null;
  /** A person of the business handles the conversation: the message went to them, and no answer comes from the assistant. */
  handedOff: boolean;
  /**
   * Stop was pressed before the server acknowledged the turn. The stream is cut once `meta` names the
   * stored messages, so what the screen shows can then be replaced by what the server kept.
   */
  stopRequested: boolean;
  /** A new branch from an earlier message: what followed that message is not shown while the turn is. */
  branch: TurnBranch | null;
  /**
   * The history now holds the turn's stored messages (or the member moved to another version): the
   * conversation is shown from the history alone.
   */
  settled: boolean;
};

/** A server event, or what only this browser knows: the user pressed Stop (early, or for real), or the request failed. */
export type TurnAction = ChatEvent | { event: "stop-requested" } | { event: "aborted" } | { event: "failed"; failure: ChatFailure };

export function startTurn({
  message,
  sessionId,
  localId,
  now,
  branch = null,
}: {
  message: string;
  sessionId: string | null;
  localId: string;
  now: string;
  branch?: TurnBranch | null;
}): TurnState {
  return {
    localId,
    phase: "sending",
    message,
    sessionId,
    acknowledged: false,
    // A regeneration answers the stored question again: it is the turn's question from the start.
    user: { id: branch?.kind === "regenerate" ? branch.questionId : `local-user-${localId}`, role: "user", content: message, status: "complete", createdAt: now, productCards: null, proposal: null, authorName: null },
    assistant: {
      id: `local-assistant-${localId}`,
      role: "assistant",
      content: "",
      status: "streaming",
      createdAt: now,
      productCards: null,
      proposal: null,
      authorName: null,
    },
    failure: null,
    credits: null,
    handedOff: false,
    stopRequested: false,
    branch,
    settled: false,
  };
}

/** The turn once its stored copy is in the history (or another version is shown); a turn still running stays as it is. */
export function settleTurn(state: TurnState): TurnState {
  return isTurnActive(state) || state.settled ? state : { ...state, settled: true };
}

export function isTurnActive(turn: TurnState | null): boolean {
  return turn !== null && (turn.phase === "sending" || turn.phase === "streaming");
}

function mergeCards(current: ProductCard[] | null, added: ProductCard[]): ProductCard[] {
  const byId = new Map((current ?? []).map((card) => [card.id, card]));
  for (const card of added) byId.set(card.id, card);
  return [...byId.values()];
}

/** Folds one event (or a local stop/failure) into the turn. Events after the turn ended are ignored. */
export function turnReducer(state: TurnState, action: TurnAction): TurnState {
  if (!isTurnActive(state)) return state;
  switch (action.event) {
    case "meta":
      return {
        ...state,
        phase: "streaming",
        acknowledged: true,
        sessionId: action.data.sessionId,
        user: { ...state.user, id: action.data.userMessageId },
        assistant: { ...state.assistant, id: action.data.assistantMessageId ?? state.assistant.id },
      };
    case "delta":
      return { ...state, phase: "streaming", assistant: { ...state.assistant, content: state.assistant.content + action.data.text } };
    case "products":
      return { ...state, assistant: { ...state.assistant, productCards: mergeCards(state.assistant.productCards, action.data.items) } };
    case "proposal":
      return { ...state, assistant: { ...state.assistant, proposal: action.data } };
    case "done":
      return {
        ...state,
        phase: "done",
        credits: action.data.credits,
        // Who answered and what it cost, shown in the answer's details before the stored copy is read.
        assistant: {
          ...state.assistant,
          status: "complete",
          provider: action.data.provider,
          model: action.data.model,
          promptTokens: action.data.usage.promptTokens,
          completionTokens: action.data.usage.completionTokens,
          costCents: action.data.costCents,
        },
      };
    case "error":
      return {
        ...state,
        phase: "error",
        assistant: { ...state.assistant, status: "error" },
        failure: describeFailure({ code: action.data.error, detail: action.data.detail }),
      };
    case "handoff":
      return { ...state, phase: "done", handedOff: true, assistant: { ...state.assistant, status: "complete" } };
    case "stop-requested":
      return { ...state, stopRequested: true };
    case "aborted":
      return { ...state, phase: "aborted", assistant: { ...state.assistant, status: "aborted" } };
    case "failed":
      return { ...state, phase: "error", assistant: { ...state.assistant, status: "error" }, failure: action.failure };
  }
}

/** A friendly sentence for a failed turn; the server's own detail is used where it is written for people. */
export function describeFailure({ code, detail, status }: { code?: string | null; detail?: string | null; status?: number }): ChatFailure {
  if (code === "insufficient_credits" || status === 402) {
    return {
      code: "insufficient_credits",
      detail: "You're out of credits. An admin of your business can grant more on the Users page; then try again.",
      retryable: false,
    };
  }
  if (code === "invalid_request" || status === 400) {
    return { code: "invalid_request", detail: detail || `That message can't be sent. Messages must be 1–${formatCount(MESSAGE_MAX_CHARS)} characters.`, retryable: false };
  }
  if (code === "conflict" || status === 409) {
    // Another answer still being written, or a person of the team handling the conversation: the server says which.
    return { code: "conflict", detail: detail || "The conversation can't take that just now. Wait a moment and try again.", retryable: false };
  }
  if (code === "not_found" || status === 404) {
    return { code: "not_found", detail: "This conversation no longer exists. Start a new chat.", retryable: false };
  }
  if (code === "rate_limited" || status === 429) {
    return { code: "rate_limited", detail: detail || "Too many messages at once. Wait a moment and retry.", retryable: true };
  }
  if (code === "upstream_error" || status === 502) {
    return { code: "upstream_error", detail: detail || "The assistant could not answer just now. Please try again.", retryable: true };
  }
  if (code === "network") {
    return { code, detail: "Cannot reach the server. Check your connection and retry.", retryable: true };
  }
  if (code === "interrupted") {
    return { code, detail: "The answer was interrupted before it finished.", retryable: true };
  }
  return { code: code || "internal_error", detail: "Something went wrong while answering.", retryable: true };
}

/**
 * The conversation as shown: the stored history plus the turn in flight, each message once. The
 * stored copy wins once the server has finalised it; while the server still marks it `streaming`
 * this browser's copy is the fresher one (it holds every delta, and knows when Stop was pressed
 * before the server has stored the answer as `aborted`).
 */
export function conversationMessages({
  history,
  turn,
  sessionId,
}: {
  history: readonly ConversationMessage[];
  turn: TurnState | null;
  sessionId: string | null;
}): ConversationMessage[] {
  const shown = history.filter((message) => message.role === "user" || message.role === "assistant" || message.role === "agent");
  if (!turn || turn.sessionId !== sessionId || turn.settled) return shown;
  const refused = !turn.acknowledged && turn.phase === "error";
  const visible = turn.branch && !refused ? beforeBranchPoint(shown, turn.branch) : shown;
  const local = new Map((turn.handedOff ? [turn.user] : [turn.user, turn.assistant]).map((message) => [message.id, message]));
  const merged = visible.map((message) => {
    const mine = local.get(message.id);
    if (!mine) return message;
    local.delete(message.id);
    return message.status === "streaming" ? mine : message;
  });
  // A turn the server refused before acknowledging it (402, 400, unreachable) stored nothing: its
  // text goes back into the composer instead of pretending to be part of the conversation.
  if (refused) return merged;
  return [...merged, ...local.values()];
}

/**
 * The history up to where a branch starts: a regeneration replaces the old answer and what followed
 * it, an edit the original message and what followed. A history that no longer holds that message
 * already shows the new branch.
 */
function beforeBranchPoint(history: ConversationMessage[], branch: TurnBranch): ConversationMessage[] {
  const at = history.findIndex((message) => message.id === (branch.kind === "regenerate" ? branch.answerId : branch.messageId));
  return at < 0 ? history : history.slice(0, at);
}
