import { searchTerms } from "./search-terms";

/** "watches" → "watch", "batteries" → "battery", "desks" → "desk": enough to let plurals meet singulars. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ch|sh|x|ss|zz)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function wordsOf(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
}

/** Every word the buyer used appears in the product's name (a word of the name starts with it). */
function namesEveryTerm(name: string, terms: string[]): boolean {
  const nameWords = wordsOf(name);
  return terms.every((term) => nameWords.some((word) => word.startsWith(term)));
}

export type ProductMatch<P> =
  | { kind: "match"; product: P }
  /** Several products fit the words, or none fits them all: the buyer must say which one. */
  | { kind: "unclear"; closest: P[] }
  | { kind: "none" };

/**
 * Which product a purchase request means, strictly: a proposal names a price the buyer will be
 * asked to pay, so a loose search hit ("watch" for "cheap plastic watch") must never become one.
 * A product is meant when its name is the request, or when it is the only candidate whose name
 * contains every word of the request. Anything else is "unclear", with the search hits as the
 * closest candidates, so the assistant asks instead of guessing.
 */
export function matchProduct<P extends { name: string }>(request: string, candidates: readonly P[]): ProductMatch<P> {
  if (candidates.length === 0) return { kind: "none" };
  const wanted = wordsOf(request).join(" ");
  const exact = candidates.find((candidate) => wordsOf(candidate.name).join(" ") === wanted);
  if (exact) return { kind: "match", product: exact };
  const terms = searchTerms(request).map(stem);
  const covering = terms.length > 0 ? candidates.filter((candidate) => namesEveryTerm(candidate.name, terms)) : [];
  if (covering.length === 1) return { kind: "match", product: covering[0]! };
  return { kind: "unclear", closest: covering.length > 1 ? covering : [...candidates] };
}
