/**
 * The catalog benchmark's query mix: 1,000 distinct shopper searches built from the words the
 * generator puts in the catalog (bench/catalog/vocabulary.ts), ranked by a seeded shuffle and drawn
 * with Zipf-like frequencies (the k-th most popular query is asked ∝ 1/k), so a few searches are very
 * common and most are rare, as in a real shop's search log. Deterministic: the same seed gives the
 * same queries, ranks and draw order on every run.
 */
import { seededRandom } from "../random";
import { ADJECTIVES, CATEGORIES, MATERIALS, NOUNS } from "./vocabulary";

export const DISTINCT_QUERIES = 1_000;
const ZIPF_EXPONENT = 1;

const lower = (words: readonly string[]) => words.map((word) => word.toLowerCase());

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

/**
 * What shoppers type, by kind: each kind's share of the distinct queries, and how likely one of its
 * queries is to rank among the popular ones (short, broad searches are asked more often than long ones).
 */
function candidates(next: () => number): { kind: string; share: number; popularity: number; queries: string[] }[] {
  const adjectives = lower(ADJECTIVES);
  const materials = lower(MATERIALS);
  const nouns = lower(NOUNS);
  const single = [...nouns, ...materials, ...adjectives, ...lower(CATEGORIES)];
  // Typing a word of the catalog: its first 3 to n-1 letters ("keyb"), and a few 1–2 letter starts.
  const prefixes = [...nouns, ...materials, ...adjectives].flatMap((word) =>
    Array.from({ length: Math.max(0, word.length - 3) }, (_, index) => word.slice(0, 3 + index)),
  );
  const short = [...new Set(single.flatMap((word) => [word.slice(0, 1), word.slice(0, 2)]))];
  const pairs = [
    ...adjectives.flatMap((adjective) => nouns.map((noun) => `${adjective} ${noun}`)),
    ...materials.flatMap((material) => nouns.map((noun) => `${material} ${noun}`)),
    ...adjectives.flatMap((adjective) => materials.map((material) => `${adjective} ${material}`)),
  ];
  const triples = adjectives.flatMap((adjective) => materials.flatMap((material) => nouns.map((noun) => `${adjective} ${material} ${noun}`)));
  // Misses: typos of catalog words and words the catalog does not have.
  const typos = single.filter((word) => word.length > 4).map((word) => word.slice(0, 2) + word.slice(3));
  const absent = ["sofa", "bicycle", "printer", "umbrella", "toaster", "guitar", "zzzz", "mattress", "scooter", "vacuum", "drone", "blanket", "candle", "wallet", "sunglasses"];
  return [
    { kind: "one word", share: 0.12, popularity: 4, queries: single },
    { kind: "prefix while typing", share: 0.15, popularity: 2, queries: prefixes },
    { kind: "1–2 letters", share: 0.02, popularity: 1, queries: short },
    { kind: "two words", share: 0.38, popularity: 1, queries: pairs },
    { kind: "miss", share: 0.08, popularity: 0.5, queries: [...typos, ...absent] },
    { kind: "three words", share: 0.25, popularity: 0.5, queries: triples },
  ].map((group) => ({ ...group, queries: shuffle([...new Set(group.queries)], next) }));
}

/** The distinct queries, most popular first. */
export function queryMix(seed = 20_261_201): string[] {
  const next = seededRandom(seed);
  const picked = new Map<string, number>();
  const groups = candidates(next);
  groups.forEach((group, index) => {
    // The last kind fills up to the total, so rounding never leaves the mix short.
    const quota = index === groups.length - 1 ? DISTINCT_QUERIES - picked.size : Math.round(group.share * DISTINCT_QUERIES);
    let taken = 0;
    for (const query of group.queries) {
      if (taken >= quota) break;
      if (picked.has(query)) continue;
      picked.set(query, group.popularity);
      taken += 1;
    }
  });
  // A weighted random order (each query keyed by u^(1/weight)): popular kinds tend to rank first.
  const keyed = [...picked].map(([query, weight]) => ({ query, key: next() ** (1 / weight) }));
  return keyed.sort((a, b) => b.key - a.key).map((entry) => entry.query);
}

/** `count` queries drawn from `queries` (most popular first) with Zipf-like weights, deterministically. */
export function zipfDraws(queries: readonly string[], count: number, seed = 7): string[] {
  const weights = queries.map((_, rank) => 1 / (rank + 1) ** ZIPF_EXPONENT);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) cumulative.push((running += weight / total));
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const draw = next();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < draw) low = middle + 1;
      else high = middle;
    }
    return queries[low]!;
  });
}
