/**
 * US dollars per million tokens (input, output, and input read from the provider's prompt cache where
 * it is cheaper), from the providers' public price lists.
 * A dated snapshot ("gpt-4o-mini-2024-07-18", "claude-haiku-4-5-20251001") and a router name
 * ("openai/gpt-4o-mini") price like the model they name; any other suffix is another model
 * ("claude-opus-4-6" is not "claude-opus-4"), unpriced until it is added here.
 */
export type ModelPrice = { input: number; output: number; cachedInput?: number };

export const MODEL_PRICES: Record<string, ModelPrice> = {
  "gpt-5": { input: 1.25, output: 10, cachedInput: 0.125 },
  "gpt-5-mini": { input: 0.25, output: 2, cachedInput: 0.025 },
  "gpt-5-nano": { input: 0.05, output: 0.4, cachedInput: 0.005 },
  "gpt-4.1": { input: 2, output: 8, cachedInput: 0.5 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, cachedInput: 0.1 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4, cachedInput: 0.025 },
  "gpt-4o": { input: 2.5, output: 10, cachedInput: 1.25 },
  "gpt-4o-mini": { input: 0.15, output: 0.6, cachedInput: 0.075 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4": { input: 30, output: 60 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60, cachedInput: 7.5 },
  "o1-mini": { input: 1.1, output: 4.4, cachedInput: 0.55 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  "o3-mini": { input: 1.1, output: 4.4, cachedInput: 0.55 },
  "o4-mini": { input: 1.1, output: 4.4, cachedInput: 0.275 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4": { input: 15, output: 75 },
  "claude-opus-4-0": { input: 15, output: 75 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-sonnet-4-0": { input: 3, output: 15 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
};

/** What a provider appends to name one frozen version of a model: a date (2024-07-18, 20251001, 0613) or `latest`. */
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

export function priceOf(model: string): ModelPrice | null {
  const name = model.toLowerCase().split("/").pop() ?? "";
  const family = name.replace(SNAPSHOT_SUFFIX, "");
  if (Object.hasOwn(MODEL_PRICES, name)) return MODEL_PRICES[name]!;
  return Object.hasOwn(MODEL_PRICES, family) ? MODEL_PRICES[family]! : null;
}

/**
 * Cost of one call in US cents as a decimal string with 4 places (the column's scale).
 * `cachedPromptTokens` are the part of `promptTokens` the provider read from its prompt cache, at its
 * cached price where it has one. The local provider and models missing from the table (self-hosted
 * ones) cost nothing.
 */
export function costCents(input: { provider: string; model: string; promptTokens: number; completionTokens: number; cachedPromptTokens?: number }): string {
  if (input.provider === "local") return "0.0000";
  const price = priceOf(input.model);
  if (!price) return "0.0000";
  const cached = Math.min(Math.max(input.cachedPromptTokens ?? 0, 0), input.promptTokens);
  const dollars = ((input.promptTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + input.completionTokens * price.output) / 1_000_000;
  return (Math.round(dollars * 100 * 10_000) / 10_000).toFixed(4);
}
