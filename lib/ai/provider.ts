import { env } from "@/lib/env";
import { LocalProvider } from "./local-provider";
import { allowedModels } from "./models";
import { OpenAIProvider } from "./openai-provider";
import type { ChatProvider } from "./types";

const globalForProvider = globalThis as unknown as { __chatProvider?: { key: string; provider: ChatProvider } };

/** `openai` whenever OPENAI_API_KEY is set, else the deterministic local provider. One instance per configuration. */
export function getChatProvider(): ChatProvider {
  const current = env();
  const key = current.OPENAI_API_KEY
    ? JSON.stringify([
        current.OPENAI_API_KEY,
        current.OPENAI_BASE_URL,
        current.OPENAI_MODEL,
        current.OPENAI_TIMEOUT_MS,
        current.ALLOWED_MODELS,
        current.MODEL_MAX_OUTPUT_TOKENS,
      ])
    : "local";
  if (globalForProvider.__chatProvider?.key !== key) {
    const provider: ChatProvider = current.OPENAI_API_KEY
      ? new OpenAIProvider({
          apiKey: current.OPENAI_API_KEY,
          baseURL: current.OPENAI_BASE_URL,
          defaultModel: current.OPENAI_MODEL,
          allowedModels: allowedModels(),
          maxOutputTokens: current.MODEL_MAX_OUTPUT_TOKENS,
          timeoutMs: current.OPENAI_TIMEOUT_MS,
        })
      : new LocalProvider();
    globalForProvider.__chatProvider = { key, provider };
  }
  return globalForProvider.__chatProvider.provider;
}
