import { ASSISTANT_AGAIN_LINE } from "@/lib/chat/handoff-lines";
import { describeFailure, type ChatFailure, type ConversationMessage } from "@/lib/chat/stream-client";
import type { ModelChoiceRequest, PageContext, VisitorIdentity } from "./protocol";

/**
 * The widget iframe's HTTP calls, made with a visitor token rather than a member's session: the
 * iframe never holds the app's cookies or tokens (lib/api-client.ts is the members' client).
 * Browser-safe.
 */

export type VisitorToken = {
  token: string;
  expiresAt: string;
  endUser: { id: string; userIdentifier: string | null; verified: boolean };
};

/** A refused request, with what a friendly message needs. */
export class WidgetRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly serverDetail: string | null,
    readonly retryAfterSeconds: number | null,
    /** The request fields the server named as wrong (`config.model`), if any. */
    readonly fields: readonly string[] = [],
  ) {
    super(serverDetail ?? `HTTP ${status}`);
    this.name = "WidgetRequestError";
  }
}

export async function requestErrorOf(response: Response): Promise<WidgetRequestError> {
  let body: { error?: unknown; detail?: unknown; fields?: unknown } | null = null;
  try {
    body = (await response.json()) as { error?: unknown; detail?: unknown; fields?: unknown };
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  return new WidgetRequestError(
    response.status,
    typeof body?.error === "string" ? body.error : null,
    typeof body?.detail === "string" ? body.detail : null,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    body?.fields && typeof body.fields === "object" && !Array.isArray(body.fields) ? Object.keys(body.fields) : [],
  );
}

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

export async function mintVisitorToken(input: {
  publishableKey: string;
  identity: VisitorIdentity | null;
  anonymousId: string;
}): Promise<VisitorToken> {
  const response = await fetch("/api/widget/sessions", {
    method: "POST",
    headers: { ...JSON_HEADERS, "X-API-Key": input.publishableKey },
    body: JSON.stringify(input.identity ?? { anonymousId: input.anonymousId }),
    credentials: "omit",
  });
  if (!response.ok) throw await requestErrorOf(response);
  return (await response.json()) as VisitorToken;
}

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** A new conversation, on the page the visitor is on and with the model the embed tag asks for (if any). */
export function createVisitorSession(input: { token: string; pageContext: PageContext | null; modelChoice?: ModelChoiceRequest | null }): Promise<Response> {
  const config = {
    ...(input.pageContext ? { pageContext: input.pageContext } : {}),
    ...(input.modelChoice?.aiProvider ? { aiProvider: input.modelChoice.aiProvider } : {}),
    ...(input.modelChoice?.model ? { model: input.modelChoice.model } : {}),
  };
  return fetch("/api/chat/sessions", {
    method: "POST",
    headers: { ...JSON_HEADERS, ...bearer(input.token) },
    body: JSON.stringify(Object.keys(config).length > 0 ? { config } : {}),
    credentials: "omit",
  });
}

/**
 * Whether the server refused a new conversation for its model choice alone (a model the operator
 * no longer offers, a provider without a key): then the widget asks again without it.
 */
export function refusesModelChoice(error: WidgetRequestError): boolean {
  return error.status === 400 && error.fields.some((field) => field === "config.model" || field === "config.aiProvider");
}

/** The console's word for a refused choice, naming it, so the business can fix its embed tag. */
export function refusedModelChoiceWarning(choice: ModelChoiceRequest, error: WidgetRequestError): string {
  const named = [choice.aiProvider ? `data-ai-provider="${choice.aiProvider}"` : null, choice.model ? `data-model="${choice.model}"` : null]
    .filter(Boolean)
    .join(" ");
  const reason = error.serverDetail ? ` (${error.serverDetail})` : "";
  return `[ProductAssistant] This server does not offer the model the embed tag asks for, ${named}${reason}; the business's own model answers instead.`;
}

export function fetchVisitorHistory(input: { token: string; sessionId: string; pageSize: number }): Promise<Response> {
  const query = new URLSearchParams({ sessionId: input.sessionId, pageSize: String(input.pageSize) });
  return fetch(`/api/chat/history?${query}`, { headers: { Accept: "application/json", ...bearer(input.token) }, credentials: "omit" });
}

export function postVisitorMessage(input: { token: string; sessionId: string; message: string; signal: AbortSignal }): Promise<Response> {
  return fetch("/api/chat", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...bearer(input.token) },
    body: JSON.stringify({ sessionId: input.sessionId, message: input.message }),
    signal: input.signal,
    credentials: "omit",
  });
}

/** A new answer to the question an answer of the visitor's conversation replied to (one that failed), streamed like a send. */
export function regenerateVisitorAnswer(input: { token: string; answerId: string; signal: AbortSignal }): Promise<Response> {
  return fetch(`/api/chat/messages/${encodeURIComponent(input.answerId)}/regenerate`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...bearer(input.token) },
    body: "{}",
    signal: input.signal,
    credentials: "omit",
  });
}

/** The conversation itself (GET /api/chat/sessions/:id): who answers it now, among the rest. */
export function fetchVisitorSession(input: { token: string; sessionId: string }): Promise<Response> {
  return fetch(`/api/chat/sessions/${encodeURIComponent(input.sessionId)}`, { headers: { Accept: "application/json", ...bearer(input.token) }, credentials: "omit" });
}

/** Who a visitor's messages go to other than the assistant, from a session's `status`: a person asked for, one with the conversation, or nobody. */
export function personHandlingOf(status: unknown): "needs_person" | "with_person" | null {
  return status === "needs_person" || status === "with_person" ? status : null;
}

/** The line a live change of who answers the conversation earns, if any; the visitor's own requests earn none. */
export function handoffNotice(change: { status?: unknown; agent?: { name?: unknown } | null; reason?: unknown }): string | null {
  if (change.status === "with_person" && typeof change.agent?.name === "string") return `${change.agent.name} from the team joined the conversation.`;
  if (change.status === "assistant" && (change.reason === "handed_back" || change.reason === "idle")) return ASSISTANT_AGAIN_LINE;
  return null;
}

/** The visitor is typing (`on`) or stopped, for the person of the business in the conversation. */
export function postVisitorTyping(input: { token: string; sessionId: string; on: boolean }): Promise<Response> {
  return fetch(`/api/chat/sessions/${encodeURIComponent(input.sessionId)}/typing`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", ...bearer(input.token) },
    body: JSON.stringify({ on: input.on }),
    credentials: "omit",
  });
}

/** Stops waiting for a person (DELETE …/handoff): the assistant answers the visitor again. */
export function withdrawVisitorPersonRequest(input: { token: string; sessionId: string }): Promise<Response> {
  return fetch(`/api/chat/sessions/${encodeURIComponent(input.sessionId)}/handoff`, {
    method: "DELETE",
    headers: { Accept: "application/json", ...bearer(input.token) },
    credentials: "omit",
  });
}

type StoredMessage = Partial<ConversationMessage> & { id?: unknown; role?: unknown; content?: unknown };

/** The messages of GET /api/chat/history a visitor sees: their own, the assistant's and a person's, oldest first. */
export function visibleHistory(results: readonly StoredMessage[]): ConversationMessage[] {
  return results
    .filter((m): m is StoredMessage & { id: string; content: string } => typeof m.id === "string" && typeof m.content === "string")
    .filter((m) => m.role === "user" || m.role === "assistant" || m.role === "agent")
    .map((m) => ({
      id: m.id,
      role: m.role as ConversationMessage["role"],
      content: m.content,
      status: m.status ?? "complete",
      createdAt: m.createdAt ?? "",
      productCards: m.productCards ?? null,
      proposal: null,
      authorName: typeof m.authorName === "string" ? m.authorName : null,
    }));
}

/**
 * What a visitor reads when a message could not be answered. A visitor cannot act on the
 * business's credits or limits, so those failures say "later", not how to fix them.
 */
export function visitorFailure(input: { status?: number; code?: string | null; detail?: string | null; retryAfterSeconds?: number | null }): ChatFailure {
  const { status, code } = input;
  if (code === "insufficient_credits" || status === 402) {
    return { code: "insufficient_credits", detail: "The assistant can't take questions right now. Please try again later.", retryable: false };
  }
  if (code === "rate_limited" || status === 429) {
    const long = (input.retryAfterSeconds ?? 0) > 5 * 60;
    return {
      code: "rate_limited",
      detail: long
        ? "You've reached the message limit for now. Please come back later."
        : "You're sending messages quickly. Please wait a moment and try again.",
      retryable: !long,
    };
  }
  if (status === 401) {
    return { code: "unauthorized", detail: "The chat could not confirm who you are. Reload the page and try again.", retryable: true };
  }
  if (status === 403) {
    return { code: "forbidden", detail: "This assistant is not available on this page.", retryable: false };
  }
  if (code === "network") {
    return { code, detail: "Can't reach the assistant. Check your connection and try again.", retryable: true };
  }
  return describeFailure({ code: code ?? null, detail: input.detail ?? null, status });
}

export function failureOfError(error: unknown): ChatFailure {
  if (error instanceof WidgetRequestError) {
    return visitorFailure({ status: error.status, code: error.code, detail: error.serverDetail, retryAfterSeconds: error.retryAfterSeconds });
  }
  return visitorFailure({ code: "network" });
}
