/**
 * A model is named `provider:model` (`openai:gpt-4o-mini`, `anthropic:claude-haiku-4-5`) everywhere a
 * business or an operator chooses one. Shared by the server and the settings page.
 */
export const MODEL_PROVIDERS = ["openai", "anthropic"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ModelProvider | "local", string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  local: "Built-in assistant",
};

export type ModelChoice = { id: string; provider: ModelProvider; model: string };

/** The longest model name a business, a session's config or an embed tag may give. */
export const MODEL_ID_MAX_CHARS = 100;

function isModelProvider(value: string): value is ModelProvider {
  return (MODEL_PROVIDERS as readonly string[]).includes(value);
}

/**
 * `provider:model`; a name without a known provider in front is an OpenAI-protocol model, so lists
 * written before there were providers keep their meaning and self-hosted names with a colon
 * (`llama3.1:8b`) stay whole.
 */
export function parseModelId(value: string): ModelChoice {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(":");
  const prefix = colon > 0 ? trimmed.slice(0, colon) : "";
  if (isModelProvider(prefix) && colon < trimmed.length - 1) {
    const model = trimmed.slice(colon + 1);
    return { id: `${prefix}:${model}`, provider: prefix, model };
  }
  return { id: `openai:${trimmed}`, provider: "openai", model: trimmed };
}

/** "Anthropic · claude-haiku-4-5": how a person reads a model id (or a stored provider and model). */
export function modelLabel(provider: string | null, model: string | null): string {
  if (!model) return "";
  if (provider === "local" || model === "local") return PROVIDER_LABELS.local;
  const label = provider && Object.hasOwn(PROVIDER_LABELS, provider) ? PROVIDER_LABELS[provider as ModelProvider] : null;
  return label ? `${label} · ${model}` : model;
}
