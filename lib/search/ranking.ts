import type { PriceOrder } from "./understand";

/** Where a concept matched a product: 3 name, 2 category, 1 description (or spread over fields), 0 not at all. */
const FIELD_WEIGHT = [0, 0.3, 0.8, 1] as const;
/** A product scoring under this share of the best one is an also-ran the shopper did not ask for. */
const RELATIVE_CUTOFF = 0.5;
/** The exact phrase in a name ("trail running shoes") outranks the same words scattered. */
const PHRASE_BONUS = 1.25;

export type RankableCandidate = { id: string; name: string; price: string; fields: number[]; phraseInName: boolean };
export type RankableConcept = { frequency: number; total: number };

/** How much a concept says: a word most products share ("home", "set") says little. */
export function specificity(concept: RankableConcept): number {
  return Math.log(1 + concept.total / Math.max(1, concept.frequency));
}

/**
 * Scores candidates by the concepts they match, weighted by field and by how rare each concept
 * is, and drops weak matches: a product must match some concept in its name or category, or all
 * of them somewhere, and score at least half of the best. Ordered by score, or by price when the
 * shopper asked for the cheapest or the most expensive.
 */
export function rankCandidates<C extends RankableCandidate>(candidates: C[], concepts: RankableConcept[], order?: PriceOrder): C[] {
  const weights = concepts.map(specificity);
  const scored = candidates.map((candidate) => {
    let score = 0;
    let matched = 0;
    let strong = false;
    weights.forEach((weight, index) => {
      const field = candidate.fields[index] ?? 0;
      score += weight * FIELD_WEIGHT[field as 0 | 1 | 2 | 3];
      if (field > 0) matched++;
      if (field >= 2) strong = true;
    });
    if (candidate.phraseInName) score *= PHRASE_BONUS;
    return { candidate, score, relevant: strong || matched === concepts.length };
  });
  const relevant = scored.filter((entry) => entry.relevant);
  const best = Math.max(0, ...relevant.map((entry) => entry.score));
  const kept = relevant.filter((entry) => entry.score >= best * RELATIVE_CUTOFF);
  kept.sort((a, b) => {
    if (order) {
      const byPrice = Number(a.candidate.price) - Number(b.candidate.price);
      if (byPrice !== 0) return order === "price_asc" ? byPrice : -byPrice;
    }
    return b.score - a.score || a.candidate.name.length - b.candidate.name.length || a.candidate.name.localeCompare(b.candidate.name);
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
