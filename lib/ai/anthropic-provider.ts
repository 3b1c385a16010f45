import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import { streamWithRetry, type ModelCallPolicy, type RetryBudget } from "./model-call";
import { countTokens } from "./tokens";
import { runToolCalls, type RequestedToolCall } from "./tool-calls";
import { offeredTools } from "./tools";
import { UpstreamError, type ChatProvider, type PromptMessage, type ProviderEvent, type ProviderInput, type TokenUsage } from "./types";

export type AnthropicProviderOptions = {
  apiKey: string;
  /** Without `/v1` (the SDK adds it); unset → Anthropic's own endpoint. */
  baseURL?: string;
  /** Sent as max_tokens on every call (the Messages API requires it): the operator's cap on what one answer can cost. */
  maxOutputTokens: number;
  /** Longest wait for the first event, and between events, before the call counts as timed out. */
  timeoutMs: number;
  maxToolRounds?: number;
  retryDelayMs?: number;
};

/** Anthropic answers 529 when it is overloaded, as a status or as an `error` event inside a stream. */
const OVERLOADED = 529;

/**
 * The Messages API takes the system prompt apart from a conversation that starts with the user and
 * alternates; the prompt builder's messages are folded into that shape (a history cut by the token
 * budget may begin with an answer, and a failed answer leaves two questions in a row).
 */
export function toAnthropicMessages(messages: readonly PromptMessage[]): { system: string; messages: MessageParam[] } {
  const system = messages
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n\n");
  const turns: { role: "user" | "assistant"; content: string }[] = [];
  for (const message of messages) {
    if (message.role === "system" || !message.content.trim()) continue;
    if (turns.length === 0 && message.role === "assistant") continue;
    const last = turns.at(-1);
    if (last?.role === message.role) last.content += `\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  return { system, messages: turns };
}

function toAnthropicTools(input: ProviderInput): Tool[] {
  return offeredTools(input.tools).map((tool) => ({
    name: tool.function.name,
    description: tool.function.description,
    input_schema: tool.function.parameters as Tool["input_schema"],
  }));
}

/**
 * Claude through the official Anthropic SDK and the Messages API: streamed events, the tool loop
 * (bounded, as for OpenAI), an idle timeout, the caller's abort signal, and one retry that is only
 * allowed while nothing has been shown to the user yet.
 */
export class AnthropicProvider implements ChatProvider {
  readonly name = "anthropic" as const;
  private readonly client: Anthropic;

  private readonly policy: ModelCallPolicy;

  constructor(private readonly options: AnthropicProviderOptions) {
    // The SDK's own retries could replay a request after text was streamed; retries are ours.
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
    this.policy = {
      timeoutMs: options.timeoutMs,
      retryDelayMs: options.retryDelayMs ?? 250,
      isAbort: (error) => error instanceof Anthropic.APIUserAbortError || (error instanceof Error && error.name === "AbortError"),
      toUpstreamError: (error, timedOut) => this.toUpstreamError(error, timedOut),
    };
  }

  async *stream(input: ProviderInput): AsyncGenerator<ProviderEvent> {
    const prompt = toAnthropicMessages(input.messages);
    const messages = prompt.messages;
    const tools = toAnthropicTools(input);
    const maxRounds = this.options.maxToolRounds ?? 4;
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    let usageReported = false;
    let reportedModel: string | undefined;
    let text = "";
    const retry: RetryBudget = { retried: false, shown: () => text.length > 0 };
    // Tool results grow the prompt beyond what the prompt builder budgeted; keep them inside it.
    const budget = { promptUsed: input.promptTokens };
    let outOfRoom = false;

    for (let round = 0; ; round += 1) {
      const finalRound = round >= maxRounds || outOfRoom;
      let pending = new Map<number, RequestedToolCall>();
      let roundText = "";
      let roundUsage = { input: 0, output: 0, seen: false };
      let stopped = false;
      const events = streamWithRetry(
        {
          signal: input.signal,
          open: (signal) =>
            this.client.messages.create(
              {
                model: input.model,
                max_tokens: this.options.maxOutputTokens,
                ...(prompt.system ? { system: prompt.system } : {}),
                messages,
                stream: true,
                ...(tools.length ? { tools, tool_choice: finalRound ? { type: "none" as const } : { type: "auto" as const } } : {}),
              },
              { signal },
            ),
          onRetry: () => {
            pending = new Map();
            roundText = "";
            roundUsage = { input: 0, output: 0, seen: false };
            stopped = false;
          },
          finish: () => {
            if (!stopped) throw new UpstreamError("protocol", "The model's stream ended before the message did.");
          },
        },
        this.policy,
        retry,
      );
      for await (const event of events) {
        switch (event.type) {
          case "message_start": {
            reportedModel = event.message.model || reportedModel;
            const start = event.message.usage;
            // Cached prompt tokens are still prompt tokens the business pays for.
            roundUsage.input = (start.input_tokens ?? 0) + (start.cache_creation_input_tokens ?? 0) + (start.cache_read_input_tokens ?? 0);
            roundUsage.output = start.output_tokens ?? 0;
            roundUsage.seen = true;
            break;
          }
          case "content_block_start":
            if (event.content_block.type === "tool_use") {
              pending.set(event.index, { id: event.content_block.id, name: event.content_block.name, arguments: "" });
            }
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta" && event.delta.text) {
              text += event.delta.text;
              roundText += event.delta.text;
              yield { type: "delta", text: event.delta.text };
            } else if (event.delta.type === "input_json_delta") {
              const call = pending.get(event.index);
              if (call) call.arguments += event.delta.partial_json;
            }
            break;
          case "message_delta":
            // Cumulative counts for the whole message.
            roundUsage.output = event.usage.output_tokens ?? roundUsage.output;
            roundUsage.seen = true;
            break;
          case "message_stop":
            stopped = true;
            break;
        }
      }
      const calls = [...pending.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
      if (roundUsage.seen) {
        usageReported = true;
        usage.promptTokens += roundUsage.input;
        usage.completionTokens += roundUsage.output;
        usage.totalTokens += roundUsage.input + roundUsage.output;
      }

      if (!calls.length || finalRound) break;
      const ran = yield* runToolCalls(calls, input, budget);
      const asked: ContentBlockParam[] = [
        ...(roundText ? [{ type: "text" as const, text: roundText }] : []),
        ...ran.results.map((result) => ({
          type: "tool_use" as const,
          id: result.call.id,
          name: result.call.name,
          // The Messages API wants the call's input back as an object, even when the model's JSON was broken.
          input: result.input !== null && typeof result.input === "object" ? result.input : {},
        })),
      ];
      messages.push({ role: "assistant", content: asked });
      messages.push({
        role: "user",
        content: ran.results.map((result) => ({ type: "tool_result" as const, tool_use_id: result.call.id, content: result.content })),
      });
      outOfRoom ||= ran.outOfRoom;
    }

    if (!usageReported) {
      usage.promptTokens = input.promptTokens;
      usage.completionTokens = countTokens(text);
      usage.totalTokens = usage.promptTokens + usage.completionTokens;
    }
    yield { type: "usage", usage, model: reportedModel ?? input.model };
  }

  private toUpstreamError(error: unknown, timedOut: boolean): UpstreamError {
    if (error instanceof UpstreamError) return error;
    if (timedOut || error instanceof Anthropic.APIConnectionTimeoutError) {
      return new UpstreamError("timeout", `The model did not answer within ${this.options.timeoutMs} ms.`, { cause: error });
    }
    if (error instanceof Anthropic.APIConnectionError) {
      return new UpstreamError("connection", "The model endpoint could not be reached.", { cause: error });
    }
    if (error instanceof Anthropic.APIError) {
      // An `error` event inside a 200 stream has no status of its own; overloaded is Anthropic's 529.
      const status = error.status ?? (error.type === "overloaded_error" ? OVERLOADED : undefined);
      if (typeof status === "number") {
        return new UpstreamError("status", `The model endpoint answered HTTP ${status}.`, { status, cause: error });
      }
    }
    return new UpstreamError("protocol", "The model's stream broke off or could not be read.", { cause: error });
  }
}
