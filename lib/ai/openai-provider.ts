import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
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

class TimeoutSignal extends Error {}

function isAbort(error: unknown): boolean {
  return error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === "AbortError");
}

function retryable(error: UpstreamError): boolean {
  return error.kind !== "status" || error.status === 429 || error.status === 408 || (error.status ?? 0) >= 500;
}

/**
 * Any OpenAI-compatible Chat Completions endpoint through the official SDK: streaming with the
 * usage chunk, the tool loop (bounded), an idle timeout, the caller's abort signal, and one retry
 * that is only allowed while nothing has been shown to the user yet.
 */
export class OpenAIProvider implements ChatProvider {
  readonly name = "openai" as const;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIProviderOptions) {
    // The SDK's own retries could replay a request after tokens were streamed; retries are ours.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
  }

  async *stream(input: ProviderInput): AsyncGenerator<ProviderEvent> {
    const messages: ChatCompletionMessageParam[] = input.messages.map((m) => ({ role: m.role, content: m.content }));
    const maxRounds = this.options.maxToolRounds ?? 4;
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    let usageReported = false;
    let reportedModel: string | undefined;
    let text = "";
    let retried = false;
    // Tool results grow the prompt beyond what the prompt builder budgeted; keep them inside it.
    const budget = { promptUsed: input.promptTokens };
    let outOfRoom = false;

    for (let round = 0; ; round += 1) {
      const finalRound = round >= maxRounds || outOfRoom;
      let calls: PendingCall[] = [];
      let roundText = "";
      for (;;) {
        const attempt = new AbortController();
        const onAbort = () => attempt.abort(input.signal.reason);
        input.signal.addEventListener("abort", onAbort, { once: true });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => attempt.abort(new TimeoutSignal()), this.options.timeoutMs);
        };
        const textBefore = text;
        const pending = new Map<number, PendingCall>();
        try {
          if (input.signal.aborted) throw new DOMException("The operation was aborted.", "AbortError");
          arm();
          const stream = await this.client.chat.completions.create(
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
            { signal: attempt.signal },
          );
          for await (const chunk of stream) {
            arm();
            if (chunk.model) reportedModel = chunk.model;
            if (chunk.usage) {
              usageReported = true;
              usage.promptTokens += chunk.usage.prompt_tokens ?? 0;
              usage.completionTokens += chunk.usage.completion_tokens ?? 0;
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
          // The SDK ends the iteration quietly when its signal aborts: a timeout or a stop must not pass for a finished answer.
          if (attempt.signal.aborted) throw attempt.signal.reason instanceof Error ? attempt.signal.reason : new DOMException("The operation was aborted.", "AbortError");
          calls = [...pending.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
          break;
        } catch (error) {
          const timedOut = attempt.signal.reason instanceof TimeoutSignal;
          if (input.signal.aborted || (isAbort(error) && !timedOut)) throw error;
          const failure = this.toUpstreamError(error, timedOut);
          // Once the user has seen text, a retry would repeat or contradict it: fail instead.
          if (retried || text !== textBefore || text.length > 0 || !retryable(failure)) throw failure;
          retried = true;
          roundText = "";
          await new Promise((resolve) => setTimeout(resolve, this.retryDelay(error)));
        } finally {
          clearTimeout(timer);
          input.signal.removeEventListener("abort", onAbort);
        }
      }

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
    yield { type: "usage", usage, model: reportedModel ?? input.model };
  }

  private retryDelay(error: unknown): number {
    const base = this.options.retryDelayMs ?? 250;
    if (error instanceof OpenAI.APIError && error.headers) {
      const seconds = Number(error.headers.get("retry-after"));
      if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 2000);
    }
    return base;
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
