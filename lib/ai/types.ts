import type { ChatFileColumn, ProductCard, PurchaseProposal } from "@/db/schema";

export type PromptRole = "system" | "user" | "assistant";
export type PromptMessage = { role: PromptRole; content: string };

export type TokenUsage = { promptTokens: number; completionTokens: number; totalTokens: number };

/** What a tool run hands back: the JSON the model reads, plus anything the user should see. */
export type ToolOutcome = {
  result: unknown;
  products?: ProductCard[];
  proposal?: PurchaseProposal;
};

export type ToolName = "search_products" | "get_product" | "list_my_purchases" | "propose_purchase" | "query_file" | "request_human";

/** A file the user attached to the conversation, as the assistant may address it through `query_file`. */
export type AttachedFile = { id: string; name: string; rows: number; columns: ChatFileColumn[] };

/**
 * The assistant's tools, already bound to the caller (user and business): a provider passes only
 * the model's arguments, so no argument can reach another tenant's rows.
 */
export type ToolRuntime = {
  run: (name: string, args: unknown) => Promise<ToolOutcome>;
  /** False for an end user (API or widget): no purchase tools are offered and no purchase is suggested. */
  purchases?: boolean;
  /** The conversation's files, oldest first; `query_file` is offered only when there is one. */
  files?: AttachedFile[];
};

export type ProviderInput = {
  /** System prompt and history, already within the token budget, ending with the user's message. */
  messages: PromptMessage[];
  userMessage: string;
  model: string;
  promptTokens: number;
  /** The prompt budget: tool results that would push the conversation past it are refused. */
  maxPromptTokens?: number;
  tools: ToolRuntime;
  signal: AbortSignal;
};

export type ProviderEvent =
  | { type: "delta"; text: string }
  | { type: "products"; items: ProductCard[] }
  | { type: "proposal"; proposal: PurchaseProposal }
  | { type: "tool_call"; name: string; arguments: unknown }
  /** `cachedPromptTokens`: the part of the prompt tokens the provider read from its prompt cache (priced lower). */
  | { type: "usage"; usage: TokenUsage; model?: string; cachedPromptTokens?: number };

/**
 * One model service. The chat turn talks to every provider alike: each turns its own protocol's
 * stream into these events, runs tools through `input.tools` and reports usage last.
 */
export interface ChatProvider {
  readonly name: "openai" | "anthropic" | "local";
  /** Streams one assistant turn of `input.model`; throws UpstreamError when the model cannot answer. */
  stream(input: ProviderInput): AsyncIterable<ProviderEvent>;
}

/** The model endpoint failed (status, timeout, broken stream); `status` is the upstream HTTP status when known. */
export class UpstreamError extends Error {
  readonly status?: number;
  readonly kind: "status" | "timeout" | "connection" | "protocol";
  constructor(kind: UpstreamError["kind"], message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "UpstreamError";
    this.kind = kind;
    this.status = options.status;
  }
}
