import { createParser } from "eventsource-parser";
import { z } from "zod";

/**
 * The browser's model of one streamed turn of POST /api/chat (DESIGN.md §3, "Streaming"): the
 * events are validated here, then folded by a pure reducer so the rendering and the tests see
 * exactly the same state transitions.
 */

export const productCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  price: z.string(),
  category: z.string().nullable().optional().transform((value) => value ?? null),
});
export type ProductCard = z.infer<typeof productCardSchema>;

export const proposalSchema = z.object({
  productId: z.string(),
  // DESIGN §3 lists only productId, quantity and unitPrice; the name is optional so a card can still render.
  productName: z.string().optional().default("this product"),
  quantity: z.number().int().positive(),
  unitPrice: z.string(),
});
export type PurchaseProposal = z.infer<typeof proposalSchema>;

export type MessageStatus = "complete" | "streaming" | "error" | "aborted";

/** One message as the conversation shows it — from history or from a stream in flight. */
export type ChatMessage = {
  id: string;
  role: "user" | "assistant" | "system" | "tool";
  content: string;
  status: MessageStatus;
  createdAt: string;
  productCards: ProductCard[] | null;
  proposal: PurchaseProposal | null;
};

const usageSchema = z
  .object({
    promptTokens: z.number().optional(),
    completionTokens: z.number().optional(),
    totalTokens: z.number().optional(),
  })
  .partial()
  .nullable()
  .optional();

const eventSchemas = {
  meta: z.object({ sessionId: z.string(), userMessageId: z.string(), assistantMessageId: z.string() }),
  delta: z.object({ text: z.string() }),
  products: z.object({ items: z.array(productCardSchema) }),
  proposal: proposalSchema,
  done: z.object({ usage: usageSchema, costCents: z.union([z.number(), z.string()]).nullable().optional(), credits: z.number() }),
  error: z.object({ error: z.string(), detail: z.string().optional() }),
} as const;

export type ChatStreamEvent =
  | { type: "meta"; data: z.infer<(typeof eventSchemas)["meta"]> }
  | { type: "delta"; data: z.infer<(typeof eventSchemas)["delta"]> }
  | { type: "products"; data: z.infer<(typeof eventSchemas)["products"]> }
  | { type: "proposal"; data: z.infer<(typeof eventSchemas)["proposal"]> }
  | { type: "done"; data: z.infer<(typeof eventSchemas)["done"]> }
  | { type: "error"; data: z.infer<(typeof eventSchemas)["error"]> };

/**
 * Turns one server-sent event into a typed event, or null for anything this client does not know
 * (a newer server may add events; an unknown or malformed one must not break the answer).
 */
export function parseChatEvent(message: { event?: string; data: string }): ChatStreamEvent | null {
  const name = message.event;
  if (!name || !(name in eventSchemas)) return null;
  let json: unknown;
  try {
    json = JSON.parse(message.data);
  } catch {
    return null;
  }
  const parsed = eventSchemas[name as keyof typeof eventSchemas].safeParse(json);
  if (!parsed.success) return null;
  return { type: name, data: parsed.data } as ChatStreamEvent;
}

/**
 * Reads a `text/event-stream` body to its end, handing each known event to `onEvent`. Bytes are
 * decoded in streaming mode so a multi-byte character split across chunks stays whole. Resolves
 * when the body ends; rejects with the reader's error (an AbortError after Stop).
 */
export async function readChatEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ChatStreamEvent) => void,
): Promise<void> {
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message);
      if (event) onEvent(event);
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) parser.feed(rest);
  } finally {
    reader.releaseLock();
  }
}

export type ChatFailure = {
  /** The server's machine code (DESIGN §3), or `network` / `interrupted` for failures seen only here. */
  code: string;
  detail: string;
  /** Whether sending the same message again can help (not for a 402 or a rejected message). */
  retryable: boolean;
};

export type TurnPhase = "sending" | "streaming" | "done" | "aborted" | "error";

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
  user: ChatMessage;
  assistant: ChatMessage;
  failure: ChatFailure | null;
  /** The balance after the charge, from `done`. */
  credits: number | null;
};

export type TurnAction =
  | ChatStreamEvent
  | { type: "aborted" }
  | { type: "failed"; failure: ChatFailure };

export function startTurn({
  message,
  sessionId,
  localId,
  now,
}: {
  message: string;
  sessionId: string | null;
  localId: string;
  now: string;
}): TurnState {
  return {
    localId,
    phase: "sending",
    message,
    sessionId,
    acknowledged: false,
    user: { id: `local-user-${localId}`, role: "user", content: message, status: "complete", createdAt: now, productCards: null, proposal: null },
    assistant: {
      id: `local-assistant-${localId}`,
      role: "assistant",
      content: "",
      status: "streaming",
      createdAt: now,
      productCards: null,
      proposal: null,
    },
    failure: null,
    credits: null,
  };
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
  switch (action.type) {
    case "meta":
      return {
        ...state,
        phase: "streaming",
        acknowledged: true,
        sessionId: action.data.sessionId,
        user: { ...state.user, id: action.data.userMessageId },
        assistant: { ...state.assistant, id: action.data.assistantMessageId },
      };
    case "delta":
      return { ...state, phase: "streaming", assistant: { ...state.assistant, content: state.assistant.content + action.data.text } };
    case "products":
      return { ...state, assistant: { ...state.assistant, productCards: mergeCards(state.assistant.productCards, action.data.items) } };
    case "proposal":
      return { ...state, assistant: { ...state.assistant, proposal: action.data } };
    case "done":
      return { ...state, phase: "done", credits: action.data.credits, assistant: { ...state.assistant, status: "complete" } };
    case "error":
      return {
        ...state,
        phase: "error",
        assistant: { ...state.assistant, status: "error" },
        failure: describeFailure({ code: action.data.error, detail: action.data.detail }),
      };
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
    return { code: "invalid_request", detail: detail || "That message can't be sent. Messages must be 1–10,000 characters.", retryable: false };
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
  history: readonly ChatMessage[];
  turn: TurnState | null;
  sessionId: string | null;
}): ChatMessage[] {
  const visible = history.filter((message) => message.role === "user" || message.role === "assistant");
  if (!turn || turn.sessionId !== sessionId) return visible;
  const local = new Map([turn.user, turn.assistant].map((message) => [message.id, message]));
  const merged = visible.map((message) => {
    const mine = local.get(message.id);
    if (!mine) return message;
    local.delete(message.id);
    return message.status === "streaming" ? mine : message;
  });
  // A turn the server refused before acknowledging it (402, 400, unreachable) stored nothing: its
  // text goes back into the composer instead of pretending to be part of the conversation.
  if (!turn.acknowledged && turn.phase === "error") return merged;
  return [...merged, ...local.values()];
}

/** Below five messages' worth of credits the header warns (DESIGN: low-balance warning). */
export const LOW_BALANCE_MESSAGES = 5;

export function isLowBalance({ credits, messageCost }: { credits: number; messageCost: number }): boolean {
  return credits < LOW_BALANCE_MESSAGES * messageCost;
}
