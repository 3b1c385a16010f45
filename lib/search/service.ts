import "server-only";
import { getDb, type Database } from "@/db/client";
import { semanticRanking } from "@/lib/embeddings/search";
import { isUuid } from "@/lib/ids";
import type { ProductDto } from "@/lib/products/schemas";
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
import { rankCandidates, reciprocalRankFusion } from "./ranking";
import { singular, understandQuestion, type Concept, type Understood } from "./understand";

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
const TYPO_MIN_SIMILARITY = 0.4;

/** A tsquery lexeme from a word of letters and digits only: user text never becomes tsquery syntax. */
function lexeme(word: string, weight = ""): string | null {
  const clean = word.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 64);
  return clean ? `${clean}${weight ? `:${weight}` : ""}` : null;
}

/** A concept's query: any alternative, every word of it, in the given weight (A name, B category). */
function conceptQuery(concept: Concept, weight = ""): string {
  return concept.alternatives
    .map((words) => words.map((word) => lexeme(word, weight)).filter(Boolean).join(" & "))
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

/** A question that is only a category's name ("lighting", "any lamps" is not) browses that category. */
function categoryNamed(understood: Understood, categories: string[]): string | null {
  if (!understood.phrase) return null;
  const phrase = normalised(understood.phrase);
  return categories.find((category) => normalised(category.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()) === phrase) ?? null;
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
  const [synonyms, categories] = await Promise.all([
    getBusinessSynonyms(db, { businessId: input.businessId }),
    listShopCategoryNames(db, { businessId: input.businessId }),
  ]);
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

  let ids: string[];
  if (category !== null || understood.concepts.length === 0) {
    if (!constrained) return result;
    const order = understood.order ?? (understood.maxPrice !== undefined || understood.minPrice !== undefined ? "price_asc" : "newest");
    ids = await browseProductIds(db, { ...filters, order, limit: wanted });
  } else {
    const { concepts, corrections } = await correctedConcepts(db, input.businessId, understood.concepts, synonyms);
    result.corrections = corrections;
    ids = await rankedIds(db, { filters, concepts, understood, text: input.text, limit: wanted });
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
    .filter(({ concept, index }) => frequencies[index] === 0 && concept.alternatives.length === 1 && concept.alternatives[0]!.length === 1 && /^\p{L}{4,}$/u.test(concept.text));
  if (misspelt.length) {
    const replacements = await Promise.all(
      misspelt.map(({ concept }) => closestCatalogWord(db, { businessId, word: concept.text, minSimilarity: TYPO_MIN_SIMILARITY })),
    );
    misspelt.forEach(({ concept, index }, i) => {
      const to = replacements[i];
      if (!to || to === concept.text) return;
      corrections.push({ from: concept.text, to });
      current[index] = understandQuestion(to, synonyms).concepts[0] ?? { text: to, alternatives: [[to]] };
    });
    if (corrections.length) ({ total, frequencies } = await documentFrequencies(db, { businessId, queries: current.map((concept) => queriesOf(concept).any) }));
  }
  const counted = current.map((concept, index) => ({ ...concept, frequency: frequencies[index] ?? 0, total }));
  // A describing word the catalog never uses ("comfy") is dropped; the thing asked for never is: a
  // "camping stove" the shop does not sell must not turn into its tents.
  if (counted.some((concept) => concept.head && concept.frequency === 0)) return { concepts: [], corrections };
  return { concepts: counted.filter((concept) => concept.frequency > 0), corrections };
}

async function rankedIds(
  db: Database,
  input: {
    filters: CatalogFilters;
    concepts: (Concept & { frequency: number; total: number })[];
    understood: Understood;
    text: string;
    limit: number;
  },
): Promise<string[]> {
  const { concepts, understood } = input;
  let candidates: CandidateRow[] = [];
  if (concepts.length) {
    candidates = await matchCandidates(db, {
      ...input.filters,
      concepts: concepts.map(queriesOf),
      phrase: concepts.length > 1 ? understood.phrase : "",
      limit: CANDIDATE_LIMIT,
    });
  }
  const ranked = rankCandidates(candidates, concepts, understood.order);
  let ids = ranked.map((candidate) => candidate.id);

  const semantic = await semanticRanking({ businessId: input.filters.businessId, text: input.text, limit: SEMANTIC_LIMIT });
  if (semantic?.length) {
    const allowed = await filterProductIds(db, { ...input.filters, ids: semantic.filter(isUuid) });
    ids = reciprocalRankFusion([ids, semantic.filter((id) => allowed.has(id))]);
  }
  return ids.slice(0, input.limit);
}
