import { conceptKinds, isKindOf } from "./kinds";
import type { PriceOrder } from "./understand";

/** Where a concept matched a product: 3 name, 2 category, 1 description (or spread over fields), 0 not at all. */
const FIELD_WEIGHT = [0, 0.3, 0.8, 1] as const;
/** The thing asked for, matched: as the product's kind, elsewhere in its name, in its category or description. */
const HEAD_WEIGHT = { kind: 2, name: 0.5, category: 0.5, description: 0.2 } as const;
/** A product scoring under this share of the best one is an also-ran the shopper did not ask for. */
const RELATIVE_CUTOFF = 0.5;
/** The exact phrase in a name ("trail running shoes") outranks the same words scattered. */
const PHRASE_BONUS = 1.25;

export type RankableCandidate = { id: string; name: string; price: string; fields: number[]; phraseInName: boolean };
export type RankableConcept = { frequency: number; total: number; alternatives?: string[][]; head?: boolean; compound?: boolean };

/** How much a concept says: a word most products share ("home", "set") says little. */
export function specificity(concept: RankableConcept): number {
  return Math.log(1 + concept.total / Math.max(1, concept.frequency));
}

/**
 * Scores candidates by the concepts they match, weighted by field and by how rare each concept
 * is, and keeps only what the shopper asked for:
 * - when some products are of the kind asked for (the head concept is the last word of their
 *   name: "headphones", not "Headphone Stand"), only those;
 * - a noun that makes the head another kind ("rowing" machine, "office" chair) must match;
 * - the head must match a name or category, unless several concepts all match elsewhere;
 * - at least half the best score: one common word never shows a product.
 * Ordered by how many concepts matched, then score; or by price when the shopper asked for the
 * cheapest or the most expensive.
 */
export function rankCandidates<C extends RankableCandidate>(candidates: C[], concepts: RankableConcept[], order?: PriceOrder): C[] {
  const weights = concepts.map(specificity);
  const headIndex = concepts.findIndex((concept) => concept.head);
  const kinds = headIndex >= 0 && concepts[headIndex]!.alternatives ? conceptKinds({ alternatives: concepts[headIndex]!.alternatives! }) : null;
  const scored = candidates.map((candidate) => {
    let score = 0;
    let matched = 0;
    let strong = false;
    let compoundMissing = false;
    const kindMatch = headIndex >= 0 && candidate.fields[headIndex] === 3 && kinds !== null && isKindOf(candidate.name, kinds);
    concepts.forEach((concept, index) => {
      const field = candidate.fields[index] ?? 0;
      if (index === headIndex) {
        score += weights[index]! * (kindMatch ? HEAD_WEIGHT.kind : field === 3 ? HEAD_WEIGHT.name : field === 2 ? HEAD_WEIGHT.category : field === 1 ? HEAD_WEIGHT.description : 0);
      } else {
        score += weights[index]! * FIELD_WEIGHT[field as 0 | 1 | 2 | 3];
      }
      if (field > 0) matched++;
      if (field >= 2 && (headIndex < 0 || index === headIndex)) strong = true;
      if (concept.compound && field === 0) compoundMissing = true;
    });
    if (candidate.phraseInName) score *= PHRASE_BONUS;
    const complete = matched === concepts.length && concepts.length > 1;
    return { candidate, score, matched, kindMatch, relevant: !compoundMissing && (strong || complete) };
  });
  let relevant = scored.filter((entry) => entry.relevant);
  if (relevant.some((entry) => entry.kindMatch)) relevant = relevant.filter((entry) => entry.kindMatch);
  const best = Math.max(0, ...relevant.map((entry) => entry.score));
  const kept = relevant.filter((entry) => entry.score >= best * RELATIVE_CUTOFF);
  kept.sort((a, b) => {
    if (order) {
      const byPrice = Number(a.candidate.price) - Number(b.candidate.price);
      if (byPrice !== 0) return order === "price_asc" ? byPrice : -byPrice;
    }
    // Everything the shopper said first ("black wireless earbuds": the black ones), then the score.
    return b.matched - a.matched || b.score - a.score || a.candidate.name.length - b.candidate.name.length || a.candidate.name.localeCompare(b.candidate.name);
  });
  return kept.map((entry) => entry.candidate);
}

/**
 * Merges rankings by reciprocal rank fusion (Cormack et al., k = 60): an item high in several
 * lists rises; one list's scores never need to be comparable with another's.
 */
export function reciprocalRankFusion(rankings: string[][], k = 60): string[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
