import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages/messages";
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

class TimeoutSignal extends Error {}

/** Anthropic answers 529 when it is overloaded, as a status or as an `error` event inside a stream. */
const OVERLOADED = 529;

function isAbort(error: unknown): boolean {
  return error instanceof Anthropic.APIUserAbortError || (error instanceof Error && error.name === "AbortError");
}

function retryable(error: UpstreamError): boolean {
  return error.kind !== "status" || error.status === 429 || error.status === 408 || (error.status ?? 0) >= 500;
}

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

  constructor(private readonly options: AnthropicProviderOptions) {
    // The SDK's own retries could replay a request after text was streamed; retries are ours.
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
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
    let retried = false;
    // Tool results grow the prompt beyond what the prompt builder budgeted; keep them inside it.
    const budget = { promptUsed: input.promptTokens };
    let outOfRoom = false;

    for (let round = 0; ; round += 1) {
      const finalRound = round >= maxRounds || outOfRoom;
      let calls: RequestedToolCall[] = [];
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
        const pending = new Map<number, RequestedToolCall>();
        const roundUsage = { input: 0, output: 0, seen: false };
        let stopped = false;
        try {
          if (input.signal.aborted) throw new DOMException("The operation was aborted.", "AbortError");
          arm();
          const stream = await this.client.messages.create(
            {
              model: input.model,
              max_tokens: this.options.maxOutputTokens,
              ...(prompt.system ? { system: prompt.system } : {}),
              messages,
              stream: true,
              ...(tools.length ? { tools, tool_choice: finalRound ? { type: "none" as const } : { type: "auto" as const } } : {}),
            },
            { signal: attempt.signal },
          );
          for await (const event of stream) {
            arm();
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
          // The SDK ends the iteration quietly when its signal aborts: a timeout or a stop must not pass for a finished answer.
          if (attempt.signal.aborted) throw attempt.signal.reason instanceof Error ? attempt.signal.reason : new DOMException("The operation was aborted.", "AbortError");
          if (!stopped) throw new UpstreamError("protocol", "The model's stream ended before the message did.");
          calls = [...pending.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
          if (roundUsage.seen) {
            usageReported = true;
            usage.promptTokens += roundUsage.input;
            usage.completionTokens += roundUsage.output;
            usage.totalTokens += roundUsage.input + roundUsage.output;
          }
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

  private retryDelay(error: unknown): number {
    const base = this.options.retryDelayMs ?? 250;
    if (error instanceof Anthropic.APIError && error.headers) {
      const seconds = Number(error.headers.get("retry-after"));
      if (error.headers.has("retry-after") && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 2000);
    }
    return base;
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
