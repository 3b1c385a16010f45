import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { streamWithRetry, type ModelCallPolicy, type RetryBudget } from "./model-call";
import { countTokens } from "./tokens";
import { runToolCalls } from "./tool-calls";
import { offeredTools } from "./tools";
import { UpstreamError, type ChatProvider, type ProviderEvent, type ProviderInput, type TokenUsage } from "./types";

export type OpenAIProviderOptions = {
  apiKey: string;
  baseURL?: string;
  /** Sent as max_completion_tokens on every call: the operator's cap on what one answer can cost. */
  maxOutputTokens: number;
  /** Longest wait for the first chunk, and between chunks, before the call counts as timed out. */
  timeoutMs: number;
  maxToolRounds?: number;
  retryDelayMs?: number;
};

type PendingCall = { id: string; name: string; arguments: string };

/**
 * Any OpenAI-compatible Chat Completions endpoint through the official SDK: streaming with the
 * usage chunk, the tool loop (bounded), an idle timeout, the caller's abort signal, and one retry
 * that is only allowed while nothing has been shown to the user yet.
 */
export class OpenAIProvider implements ChatProvider {
  readonly name = "openai" as const;
  private readonly client: OpenAI;

  private readonly policy: ModelCallPolicy;

  constructor(private readonly options: OpenAIProviderOptions) {
    // The SDK's own retries could replay a request after tokens were streamed; retries are ours.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
    this.policy = {
      timeoutMs: options.timeoutMs,
      retryDelayMs: options.retryDelayMs ?? 250,
      isAbort: (error) => error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === "AbortError"),
      toUpstreamError: (error, timedOut) => this.toUpstreamError(error, timedOut),
    };
  }

  async *stream(input: ProviderInput): AsyncGenerator<ProviderEvent> {
    const messages: ChatCompletionMessageParam[] = input.messages.map((m) => ({ role: m.role, content: m.content }));
    const maxRounds = this.options.maxToolRounds ?? 4;
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    let usageReported = false;
    let cachedPromptTokens = 0;
    let reportedModel: string | undefined;
    let text = "";
    const retry: RetryBudget = { retried: false, shown: () => text.length > 0 };
    // Tool results grow the prompt beyond what the prompt builder budgeted; keep them inside it.
    const budget = { promptUsed: input.promptTokens };
    let outOfRoom = false;

    for (let round = 0; ; round += 1) {
      const finalRound = round >= maxRounds || outOfRoom;
      let pending = new Map<number, PendingCall>();
      let roundText = "";
      const chunks = streamWithRetry(
        {
          signal: input.signal,
          open: (signal) =>
            this.client.chat.completions.create(
              {
                model: input.model,
                messages,
                // max_completion_tokens, not the deprecated max_tokens, which reasoning models refuse.
                max_completion_tokens: this.options.maxOutputTokens,
                stream: true,
                stream_options: { include_usage: true },
                tools: offeredTools(input.tools) as unknown as OpenAI.Chat.Completions.ChatCompletionTool[],
                tool_choice: finalRound ? "none" : "auto",
              },
              { signal },
            ),
          onRetry: () => {
            pending = new Map();
            roundText = "";
          },
        },
        this.policy,
        retry,
      );
      for await (const chunk of chunks) {
        if (chunk.model) reportedModel = chunk.model;
        if (chunk.usage) {
          usageReported = true;
          usage.promptTokens += chunk.usage.prompt_tokens ?? 0;
          usage.completionTokens += chunk.usage.completion_tokens ?? 0;
          cachedPromptTokens += chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
          usage.totalTokens += chunk.usage.total_tokens ?? (chunk.usage.prompt_tokens ?? 0) + (chunk.usage.completion_tokens ?? 0);
        }
        const delta = chunk.choices?.[0]?.delta;
        if (!delta) continue;
        if (delta.content) {
          text += delta.content;
          roundText += delta.content;
          yield { type: "delta", text: delta.content };
        }
        for (const call of delta.tool_calls ?? []) {
          const entry = pending.get(call.index) ?? { id: "", name: "", arguments: "" };
          if (call.id) entry.id = call.id;
          if (call.function?.name) entry.name += call.function.name;
          if (call.function?.arguments) entry.arguments += call.function.arguments;
          pending.set(call.index, entry);
        }
      }
      const calls = [...pending.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);

      if (!calls.length || finalRound) break;
      const requested = calls.map((call, index) => ({ id: call.id || `call_${round}_${index}`, name: call.name, arguments: call.arguments || "{}" }));
      messages.push({
        role: "assistant",
        content: roundText || null,
        tool_calls: requested.map((call): ChatCompletionMessageFunctionToolCall => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })),
      });
      const ran = yield* runToolCalls(requested, input, budget);
      for (const result of ran.results) messages.push({ role: "tool", tool_call_id: result.call.id, content: result.content });
      outOfRoom ||= ran.outOfRoom;
    }

    if (!usageReported) {
      // Endpoints that ignore stream_options still get a usage record, counted with the tokenizer.
      usage.promptTokens = input.promptTokens;
      usage.completionTokens = countTokens(text);
      usage.totalTokens = usage.promptTokens + usage.completionTokens;
    }
    yield { type: "usage", usage, model: reportedModel ?? input.model, ...(usageReported && cachedPromptTokens > 0 ? { cachedPromptTokens } : {}) };
  }

  private toUpstreamError(error: unknown, timedOut: boolean): UpstreamError {
    if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
      return new UpstreamError("timeout", `The model did not answer within ${this.options.timeoutMs} ms.`, { cause: error });
    }
    if (error instanceof OpenAI.APIError && typeof error.status === "number") {
      return new UpstreamError("status", `The model endpoint answered HTTP ${error.status}.`, { status: error.status, cause: error });
    }
    if (error instanceof OpenAI.APIConnectionError) {
      return new UpstreamError("connection", "The model endpoint could not be reached.", { cause: error });
    }
    return new UpstreamError("protocol", "The model's stream broke off or could not be read.", { cause: error });
  }
}
