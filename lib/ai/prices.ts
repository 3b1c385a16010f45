/**
 * US dollars per million tokens (input, output), from the providers' public price lists.
 * Longest prefix wins so dated snapshots ("gpt-4o-mini-2024-07-18") and router names
 * ("openai/gpt-4o-mini") price like their family.
 */
export const MODEL_PRICES: Record<string, { input: number; output: number }> = {
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4": { input: 30, output: 60 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  "o1-mini": { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
};

const BY_LENGTH = Object.keys(MODEL_PRICES).sort((a, b) => b.length - a.length);

export function priceOf(model: string): { input: number; output: number } | null {
  const name = model.toLowerCase().split("/").pop() ?? "";
  const key = BY_LENGTH.find((prefix) => name === prefix || name.startsWith(`${prefix}-`));
  return key ? MODEL_PRICES[key]! : null;
}

/**
 * Cost of one call in US cents as a decimal string with 4 places (the column's scale).
 * The local provider and models missing from the table (self-hosted ones) cost nothing.
 */
export function costCents(input: { provider: string; model: string; promptTokens: number; completionTokens: number }): string {
  if (input.provider === "local") return "0.0000";
  const price = priceOf(input.model);
  if (!price) return "0.0000";
  const dollars = (input.promptTokens * price.input + input.completionTokens * price.output) / 1_000_000;
  return (Math.round(dollars * 100 * 10_000) / 10_000).toFixed(4);
}
