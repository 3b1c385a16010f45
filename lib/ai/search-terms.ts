// Words that say "I am shopping" rather than what for; matching them would rank every product.
export const FILLER: ReadonlySet<string> = new Set([
  "product", "products", "item", "items", "thing", "things", "have", "got", "want", "need", "looking", "look", "show",
  "find", "search", "any", "some", "please", "sell", "buy", "purchase", "order", "price", "prices", "cost", "much",
  "many", "tell", "about", "know", "would", "like", "could", "can", "get", "recommend", "something", "stuff", "there",
  "available", "stock", "hi", "hello", "hey", "thanks", "thank",
  // Common English stop words (Postgres drops them too; knowing them here tells "nothing to search" apart).
  "what", "which", "who", "whom", "do", "does", "did", "you", "your", "we", "our", "us", "is", "are", "was", "were",
  "the", "an", "of", "for", "in", "on", "to", "and", "or", "with", "me", "my", "it", "its", "this", "that", "these",
  "those", "be", "been", "at", "by", "from", "as", "so", "if", "how", "why", "when", "where", "all", "no", "not",
  "yes", "ok", "okay", "am", "has", "had", "will", "shall", "should", "may", "might", "must", "just", "also", "very",
]);

/**
 * The words of free text that could name a product, lower-cased, filler dropped, at most 12: what
 * tells "nothing to search" apart and what a purchase request's product name must contain.
 */
export function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.filter((word) => word.length >= 2 && !FILLER.has(word)))];
  return unique.slice(0, 12);
}
