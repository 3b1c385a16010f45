import { createHash } from "node:crypto";

/** Enough of a description to say what the product is, and far below any embedding model's input limit. */
export const MAX_DESCRIPTION_CHARS = 2000;
/** A question longer than this is cut before embedding: the first part says what the shopper wants. */
export const MAX_QUERY_CHARS = 1000;

/** What a product's meaning is read from: its name, category and (bounded) description. */
export function productEmbeddingText(product: { name: string; category: string | null; description: string }): string {
  const lines = [product.name.trim()];
  if (product.category?.trim()) lines.push(`Category: ${product.category.trim()}`);
  const description = product.description.trim();
  if (description) lines.push(boundedText(description, MAX_DESCRIPTION_CHARS));
  return lines.join("\n");
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair (which no endpoint accepts). */
export function boundedText(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max).replace(/[\uD800-\uDBFF]$/, "");
}

/**
 * Identifies what a stored embedding was made from: a product whose text changed, or a deployment
 * that switched model or vector size, gets a different hash and is embedded again.
 */
export function embeddingContentHash(input: { text: string; model: string; dimensions?: number }): string {
  return createHash("sha256")
    .update(`${input.model}\u0000${input.dimensions ?? ""}\u0000${input.text}`)
    .digest("hex");
}
