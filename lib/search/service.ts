import "server-only";
import { getDb, type Database } from "@/db/client";
import { BUSINESS_CACHE_TTL_MS } from "@/lib/business/chat-settings";
import { getSharedCache } from "@/lib/cache/shared";
import { semanticRanking } from "@/lib/embeddings/search";
import { isUuid } from "@/lib/ids";
import type { ProductDto } from "@/lib/products/schemas";
import { cachedCatalogAnswer } from "@/lib/products/catalog-cache";
import { listApprovedProductsByIds } from "@/lib/products/service";
import { listShopCategoryNames } from "@/lib/shops/queries";
import {
  browseProductIds,
  closestCatalogWord,
  closestCategories,
  documentFrequencies,
  filterProductIds,
  getBusinessSynonyms,
  matchCandidates,
  type CandidateRow,
  type CatalogFilters,
  type ConceptQuery,
} from "./queries";
import { conceptKinds, isKindOf } from "./kinds";
import { rankCandidates, reciprocalRankFusion } from "./ranking";
import { adjectiveLike, singular, understandQuestion, type Concept, type Understood } from "./understand";

export type CatalogSearch = {
  products: ProductDto[];
  understood: Understood;
  /** The category the question named on its own ("lighting under $100"), applied as a filter. */
  category: string | null;
  /** Misspelt words read as the catalog's own ("hedphones" → "headphones"). */
  corrections: { from: string; to: string }[];
  /** When nothing matched: the business's categories closest to the question. */
  suggestedCategories: string[];
};

/** How many text matches are ranked at most: enough for any answer, bounded on a large catalog. */
const CANDIDATE_LIMIT = 200;
/** Semantic neighbours blended in; only the nearest few, so a loose neighbour never crowds out a text match. */
const SEMANTIC_LIMIT = 8;
/** How far a misspelling may be from the catalog's word: one edit in a short word, two in a longer one. */
function typoTolerance(word: string): { maxEdits: number; minSimilarity: number } {
  return word.length <= 5 ? { maxEdits: 1, minSimilarity: 1.1 } : { maxEdits: 2, minSimilarity: 0.5 };
}

/** A tsquery lexeme from a word of letters and digits only: user text never becomes tsquery syntax. */
function lexeme(word: string, weight = ""): string | null {
  const clean = word.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 64);
  return clean ? `${clean}${weight ? `:${weight}` : ""}` : null;
}

/** A concept's query: any alternative, every word of it (in order for a measurement), in the given weight (A name, B category). */
function conceptQuery(concept: Concept, weight = ""): string {
  return concept.alternatives
    .map((words) => words.map((word) => lexeme(word, weight)).filter(Boolean).join(concept.adjacent ? " <-> " : " & "))
    .filter(Boolean)
    .map((alternative) => `(${alternative})`)
    .join(" | ");
}

function queriesOf(concept: Concept): ConceptQuery {
  return { any: conceptQuery(concept), name: conceptQuery(concept, "A"), category: conceptQuery(concept, "B") };
}

function normalised(text: string): string {
  return text.split(" ").map(singular).join(" ");
}

/**
 * The category a question names: all of it ("lighting under $100", "camping gear") or its head
 * ("toys for kids"). Null when it names none.
 */
function categoryNamed(understood: Understood, categories: string[]): string | null {
  if (!understood.phrase) return null;
  const key = (category: string) => normalised(category.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim());
  const phrase = normalised(understood.phrase);
  const head = understood.concepts.find((concept) => concept.head);
  return (
    categories.find((category) => key(category) === phrase) ??
    (head ? categories.find((category) => key(category) === normalised(head.text)) : undefined) ??
    null
  );
}

/**
 * The business's synonym groups and the categories its live products are in: read by every search
 * (twice in a turn of the built-in assistant) and changed rarely, so both come through the shared
 * cache. Saving the business's settings announces the synonyms ("business"); every write that changes
 * what the public catalog shows announces the categories ("catalog").
 */
function searchVocabulary(businessId: string): Promise<[string[][], string[]]> {
  const db = getDb();
  return Promise.all([
    getSharedCache().get("business", businessId, "search-synonyms", BUSINESS_CACHE_TTL_MS, () => getBusinessSynonyms(db, { businessId })),
    cachedCatalogAnswer({ businessId, key: "search-category-names", load: () => listShopCategoryNames(db, { businessId }) }),
  ]);
}

/**
 * Live products of one business the shopper means, best first: synonyms, misspellings, price,
 * category and stock constraints understood; name matches above category and description ones;
 * weak matches (one common word in a description) dropped; semantic neighbours blended in by
 * reciprocal rank fusion when embeddings are available.
 */
export async function searchCatalog(input: { businessId: string; text: string; limit: number }): Promise<CatalogSearch> {
  const db = getDb();
  const limit = Math.max(1, Math.min(50, Math.trunc(input.limit)));
  const [synonyms, categories] = await searchVocabulary(input.businessId);
  const understood = understandQuestion(input.text, synonyms);
  const category = categoryNamed(understood, categories);
  const filters: CatalogFilters = {
    businessId: input.businessId,
    category: category ?? undefined,
    minPrice: understood.minPrice,
    maxPrice: understood.maxPrice,
    inStock: understood.inStock,
  };
  const wanted = Math.min(50, understood.count ?? limit);
  const result: CatalogSearch = { products: [], understood, category, corrections: [], suggestedCategories: [] };
  const constrained = category !== null || understood.minPrice !== undefined || understood.maxPrice !== undefined || understood.order !== undefined || understood.inStock === true;

  const browse = () => {
    const order = understood.order ?? (understood.maxPrice !== undefined || understood.minPrice !== undefined ? "price_asc" : "newest");
    return browseProductIds(db, { ...filters, order, limit: wanted });
  };
  let ids: string[];
  if (understood.concepts.length === 0) {
    if (!constrained) return result;
    ids = await browse();
  } else if (category !== null && understood.categoryBrowse) {
    ids = await browse();
  } else {
    // A category's name may also be what its products are ("monitors"): those products, then, and
    // the category's cables and arms only when no product is of that kind ("lighting").
    const { concepts, corrections } = await correctedConcepts(db, input.businessId, understood.concepts, synonyms);
    result.corrections = corrections;
    const ranked = await rankedIds(db, { filters: { ...filters, category: undefined }, concepts, understood, text: input.text, limit: wanted, category });
    if (category !== null && !ranked.kindMatched) {
      result.corrections = [];
      ids = await browse();
    } else {
      result.category = null;
      ids = ranked.ids;
    }
  }

  result.products = ids.length ? await listApprovedProductsByIds({ businessId: input.businessId, ids }) : [];
  // Semantic neighbours join by rank; an order the shopper asked for still holds over the blend.
  if (understood.order) {
    const direction = understood.order === "price_asc" ? 1 : -1;
    result.products.sort((a, b) => direction * (Number(a.price) - Number(b.price)));
  }
  if (!result.products.length) {
    result.suggestedCategories = await closestCategories(db, { businessId: input.businessId, phrase: understood.phrase || input.text.toLowerCase(), limit: 3 });
  }
  return result;
}

/**
 * Concepts with their document frequencies; a single word the catalog never uses is replaced by
 * the closest word it does use, and concepts that still match nothing are left out.
 */
async function correctedConcepts(
  db: Database,
  businessId: string,
  concepts: Concept[],
  synonyms: string[][],
): Promise<{ concepts: (Concept & { frequency: number; total: number })[]; corrections: { from: string; to: string }[] }> {
  let { total, frequencies } = await documentFrequencies(db, { businessId, queries: concepts.map((concept) => queriesOf(concept).any) });
  const corrections: { from: string; to: string }[] = [];
  const current = [...concepts];
  const misspelt = current
    .map((concept, index) => ({ concept, index }))
    .filter(({ concept, index }) => frequencies[index] === 0 && isSingleWord(concept));
  if (misspelt.length) {
    const replacements = await Promise.all(
      misspelt.map(({ concept }) => closestCatalogWord(db, { businessId, word: concept.text, ...typoTolerance(concept.text) })),
    );
    misspelt.forEach(({ concept, index }, i) => {
      const to = replacements[i];
      if (!to) return;
      corrections.push({ from: concept.text, to });
      const replacement = understandQuestion(to, synonyms).concepts[0] ?? { text: to, alternatives: [[to]] };
      current[index] = { ...replacement, head: concept.head, compound: concept.compound && !adjectiveLike(to) };
    });
    if (corrections.length) ({ total, frequencies } = await documentFrequencies(db, { businessId, queries: current.map((concept) => queriesOf(concept).any) }));
  }
  const counted = current.map((concept, index) => ({ ...concept, frequency: frequencies[index] ?? 0, total }));
  // A describing word the catalog never uses ("comfy") is dropped; the thing asked for never is, nor
  // a noun that makes it another thing: a "camping stove" or a "rowing machine" the shop does not
  // sell must not turn into its tents or its espresso machines.
  if (counted.some((concept) => (concept.head || concept.compound) && concept.frequency === 0)) return { concepts: [], corrections };
  return { concepts: counted.filter((concept) => concept.frequency > 0), corrections };
}

function isSingleWord(concept: Concept): boolean {
  return concept.alternatives.length === 1 && concept.alternatives[0]!.length === 1 && /^\p{L}{4,}$/u.test(concept.text);
}

async function rankedIds(
  db: Database,
  input: {
    filters: CatalogFilters;
    concepts: (Concept & { frequency: number; total: number })[];
    understood: Understood;
    text: string;
    limit: number;
    /** The category the question names, if any: "matched the kind" then means within it. */
    category: string | null;
  },
): Promise<{ ids: string[]; kindMatched: boolean }> {
  const { understood } = input;
  let concepts = input.concepts;
  const candidatesFor = (wanted: typeof concepts) =>
    wanted.length
      ? matchCandidates(db, { ...input.filters, concepts: wanted.map(queriesOf), phrase: wanted.length > 1 ? understood.phrase : "", limit: CANDIDATE_LIMIT })
      : Promise.resolve([] as CandidateRow[]);
  let candidates = await candidatesFor(concepts);
  let kindMatched = hasKindMatch(candidates, concepts, input.category);

  // A head word the catalog uses, but never as what a product is ("yoga matt" meets "Matte Black"):
  // the closest kind the catalog sells ("mat"), when one is a small edit away.
  const headIndex = concepts.findIndex((concept) => concept.head);
  const head = concepts[headIndex];
  if (!kindMatched && head && isSingleWord(head)) {
    const kind = await closestCatalogWord(db, { businessId: input.filters.businessId, word: head.text, maxEdits: head.text.length <= 5 ? 1 : 2, minSimilarity: 1.1, kindsOnly: true });
    if (kind) {
      const corrected = [...concepts];
      corrected[headIndex] = { ...head, text: kind, alternatives: [[kind]] };
      const { frequencies, total } = await documentFrequencies(db, { businessId: input.filters.businessId, queries: [queriesOf(corrected[headIndex]!).any] });
      corrected[headIndex] = { ...corrected[headIndex]!, frequency: frequencies[0] ?? 0, total };
      const retried = await candidatesFor(corrected);
      if (hasKindMatch(retried, corrected, input.category) && rankCandidates(retried, corrected).length) {
        concepts = corrected;
        candidates = retried;
        kindMatched = true;
      }
    }
  }

  // The shop sells the kind, just none within the price or stock asked: nothing fits, and the
  // headphone stands under $50 are not headphones under $50.
  const filtered = input.filters.minPrice !== undefined || input.filters.maxPrice !== undefined || input.filters.inStock;
  if (!kindMatched && filtered && head) {
    const unfiltered = await matchCandidates(db, {
      businessId: input.filters.businessId,
      concepts: concepts.map(queriesOf),
      phrase: "",
      limit: CANDIDATE_LIMIT,
    });
    if (hasKindMatch(unfiltered, concepts, input.category)) return { ids: [], kindMatched: true };
  }

  let ids = rankCandidates(candidates, concepts, understood.order).map((candidate) => candidate.id);
  const semantic = await semanticRanking({ businessId: input.filters.businessId, text: input.text, limit: SEMANTIC_LIMIT });
  if (semantic?.length) {
    const allowed = await filterProductIds(db, { ...input.filters, ids: semantic.filter(isUuid) });
    ids = reciprocalRankFusion([ids, semantic.filter((id) => allowed.has(id))]);
  }
  return { ids: ids.slice(0, input.limit), kindMatched };
}

/**
 * Whether some candidate is of the kind the head concept names (its name's last word before the
 * variant), within `category` when the question names one ("toys": the Toys, not a dog's rope toy).
 */
function hasKindMatch(candidates: CandidateRow[], concepts: Concept[], category: string | null = null): boolean {
  const headIndex = concepts.findIndex((concept) => concept.head);
  if (headIndex < 0) return false;
  const kinds = conceptKinds(concepts[headIndex]!);
  return candidates.some(
    (candidate) => candidate.fields[headIndex] === 3 && isKindOf(candidate.name, kinds) && (category === null || candidate.category === category),
  );
}
