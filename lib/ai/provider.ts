import type { ChatSessionConfig } from "@/db/schema";
import { env, type Env } from "@/lib/env";
import { AnthropicProvider } from "./anthropic-provider";
import { LocalProvider } from "./local-provider";
import type { ModelProvider } from "./model-ids";
import { resolveModel } from "./models";
import { OpenAIProvider } from "./openai-provider";
import { completionReserve } from "./prompt";
import type { ChatProvider } from "./types";

type Cached = { key: string; provider: ChatProvider };
const globalForProviders = globalThis as unknown as { __chatProviders?: Map<ModelProvider | "local", Cached> };

/** A provider's settings; a changed one (tests, a reloaded environment) builds a new client. */
function settingsKey(name: ModelProvider | "local", current: Env): string {
  if (name === "local") return "local";
  const own =
    name === "openai"
      ? [current.OPENAI_API_KEY, current.OPENAI_BASE_URL, current.OPENAI_TIMEOUT_MS]
      : [current.ANTHROPIC_API_KEY, current.ANTHROPIC_BASE_URL, current.ANTHROPIC_TIMEOUT_MS];
  return JSON.stringify([...own, current.MODEL_MAX_OUTPUT_TOKENS, current.MODEL_CONTEXT_TOKENS]);
}

/** The output cap of every call: MODEL_MAX_OUTPUT_TOKENS, within the room the prompt builder leaves for the answer. */
function outputCap(current: Env): number {
  return completionReserve(current.MODEL_CONTEXT_TOKENS, current.MODEL_MAX_OUTPUT_TOKENS);
}

function build(name: ModelProvider | "local", current: Env): ChatProvider {
  if (name === "openai") {
    return new OpenAIProvider({
      apiKey: current.OPENAI_API_KEY!,
      baseURL: current.OPENAI_BASE_URL,
      maxOutputTokens: outputCap(current),
      timeoutMs: current.OPENAI_TIMEOUT_MS,
    });
  }
  if (name === "anthropic") {
    return new AnthropicProvider({
      apiKey: current.ANTHROPIC_API_KEY!,
      baseURL: current.ANTHROPIC_BASE_URL,
      maxOutputTokens: outputCap(current),
      timeoutMs: current.ANTHROPIC_TIMEOUT_MS,
    });
  }
  return new LocalProvider();
}

/** One client per provider and configuration, shared by every turn of the process. */
function providerNamed(name: ModelProvider | "local"): ChatProvider {
  const current = env();
  const providers = (globalForProviders.__chatProviders ??= new Map());
  const key = settingsKey(name, current);
  const cached = providers.get(name);
  if (cached?.key === key) return cached.provider;
  const provider = build(name, current);
  providers.set(name, { key, provider });
  return provider;
}

/** The provider and model that answer one turn. */
export type ChatModel = { provider: ChatProvider; model: string };

/**
 * Who answers a conversation: an API or widget session's own choice (`config.aiProvider`,
 * `config.model`), else the business's default, each only while the operator offers it (see
 * resolveModel); the built-in assistant when no provider has a key.
 */
export function chatModelFor(input: { businessModel: string; session?: ChatSessionConfig | null }): ChatModel {
  const session = input.session;
  const choice = session?.aiProvider
    ? resolveModel({ id: session.model ? `${session.aiProvider}:${session.model}` : null, provider: session.aiProvider })
    : resolveModel({ id: input.businessModel });
  return choice ? { provider: providerNamed(choice.provider), model: choice.model } : { provider: providerNamed("local"), model: "local" };
}
