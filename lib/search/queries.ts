import "server-only";
import { and, asc, desc, eq, gt, gte, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { businesses, products } from "@/db/schema";

/** The filters a question carries; every statement here applies them in SQL. */
export type CatalogFilters = { businessId: string; category?: string; minPrice?: number; maxPrice?: number; inStock?: boolean };

function filterConditions(input: CatalogFilters): SQL[] {
  const conditions: SQL[] = [eq(products.businessId, input.businessId), eq(products.status, "approved")];
  if (input.category) conditions.push(eq(products.category, input.category));
  if (input.minPrice !== undefined) conditions.push(gte(products.price, input.minPrice.toFixed(2)));
  if (input.maxPrice !== undefined) conditions.push(lte(products.price, input.maxPrice.toFixed(2)));
  // A product whose stock is not tracked is sold as available.
  if (input.inStock) conditions.push(or(isNull(products.stock), gt(products.stock, 0))!);
  return conditions;
}

const tsquery = (query: string) => sql`to_tsquery('english', ${query})`;

/** The business's own synonym groups. */
export async function getBusinessSynonyms(db: Database, input: { businessId: string }): Promise<string[][]> {
  const [row] = await db.select({ synonyms: businesses.synonyms }).from(businesses).where(eq(businesses.id, input.businessId));
  return row?.synonyms ?? [];
}

/** How many live products the business has, and how many match each query: the rarer a word, the more it says. */
export async function documentFrequencies(db: Database, input: { businessId: string; queries: string[] }): Promise<{ total: number; frequencies: number[] }> {
  const counts = input.queries.map((query) => sql`count(*) filter (where ${products.search} @@ ${tsquery(query)})`);
  const [row] = await selectRows<{ total: number; frequencies: number[] | string }>(
    db,
    sql`select count(*)::int as total, array[${counts.length ? sql.join(counts, sql`, `) : sql`0`}]::int[] as frequencies
        from ${products} where ${and(...filterConditions({ businessId: input.businessId }))}`,
  );
  return { total: Number(row?.total ?? 0), frequencies: parseIntArray(row?.frequencies).slice(0, input.queries.length) };
}

/** postgres.js parses int[]; PGlite may hand back its text form. */
function parseIntArray(value: number[] | string | undefined): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === "string") return value.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}

/**
 * One concept's query, three ways: anywhere, in the name (weight A), in the category (weight B).
 * A product matching only "anywhere" found the words in its description, or spread across fields.
 */
export type ConceptQuery = { any: string; name: string; category: string };

export type CandidateRow = {
  id: string;
  name: string;
  category: string | null;
  price: string;
  stock: number | null;
  /** Per concept: 3 in the name, 2 in the category, 1 elsewhere, 0 not at all. */
  fields: number[];
  /** The shopper's words appear in the name as one phrase. */
  phraseInName: boolean;
};

/**
 * Live products matching any concept, with where each concept matched, best text rank first and
 * bounded: a broad word in a large catalog must not pull every product into the ranking.
 */
export async function matchCandidates(
  db: Database,
  input: CatalogFilters & { concepts: ConceptQuery[]; phrase: string; limit: number },
): Promise<CandidateRow[]> {
  if (!input.concepts.length) return [];
  const anyQuery = input.concepts.map((concept) => `(${concept.any})`).join(" | ");
  const fields = input.concepts.map(
    (concept) => sql`case when ${products.search} @@ ${tsquery(concept.name)} then 3
                          when ${products.search} @@ ${tsquery(concept.category)} then 2
                          when ${products.search} @@ ${tsquery(concept.any)} then 1 else 0 end`,
  );
  const rows = await selectRows<{ id: string; name: string; category: string | null; price: string; stock: number | null; fields: number[] | string; phrase_in_name: boolean }>(
    db,
    sql`select ${products.id} as id, ${products.name} as name, ${products.category} as category, ${products.price}::text as price, ${products.stock} as stock,
               array[${sql.join(fields, sql`, `)}]::int[] as fields,
               ${input.phrase ? sql`position(${input.phrase} in lower(${products.name})) > 0` : sql`false`} as phrase_in_name
        from ${products}
        where ${and(...filterConditions(input), sql`${products.search} @@ ${tsquery(anyQuery)}`)}
        order by ts_rank(${products.search}, ${tsquery(anyQuery)}) desc, ${products.id}
        limit ${input.limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    category: row.category,
    price: row.price,
    stock: row.stock === null ? null : Number(row.stock),
    fields: parseIntArray(row.fields),
    phraseInName: Boolean(row.phrase_in_name),
  }));
}

/**
 * The word of the business's live product names and categories closest to a misspelt one
 * ("hedphones" → "headphones", "lanturn" → "lantern"): the fewest edits (Levenshtein, at most
 * `maxEdits`) or, failing that, trigram similarity of at least `minSimilarity`; among equals, the
 * word more products use. Null when none is close enough. `kindsOnly` compares only the last word
 * of each name before its variant (what the products are), for a head word that names no kind.
 */
export async function closestCatalogWord(
  db: Database,
  input: { businessId: string; word: string; maxEdits: number; minSimilarity: number; kindsOnly?: boolean },
): Promise<string | null> {
  const word = input.word.slice(0, 64);
  const words = input.kindsOnly
    ? sql`substring(lower(split_part(${products.name}, ',', 1)) from '([[:alpha:]]{3,})[^[:alpha:]]*$')`
    : sql`regexp_split_to_table(lower(${products.name} || ' ' || coalesce(${products.category}, '')), '[^[:alnum:]]+')`;
  const [row] = await selectRows<{ word: string }>(
    db,
    sql`select candidate as word
        from (
          select candidate, count(*) as uses
          from (select ${words} as candidate from ${products} where ${and(...filterConditions({ businessId: input.businessId }))}) all_words
          where length(candidate) >= 3 and candidate <> ${word}
          group by candidate
        ) vocabulary
        where levenshtein_less_equal(candidate, ${word}, ${input.maxEdits}) <= ${input.maxEdits}
           or similarity(candidate, ${word}) >= ${input.minSimilarity}
        order by levenshtein(candidate, ${word}), similarity(candidate, ${word}) desc, uses desc, candidate
        limit 1`,
  );
  return row?.word ?? null;
}

export type BrowseOrder = "price_asc" | "price_desc" | "newest";

/** Live products satisfying the filters alone ("lighting under $100", "three cheapest"), in the order asked. */
export async function browseProductIds(db: Database, input: CatalogFilters & { order: BrowseOrder; limit: number }): Promise<string[]> {
  const order =
    input.order === "price_asc"
      ? [asc(products.price), asc(products.name)]
      : input.order === "price_desc"
        ? [desc(products.price), asc(products.name)]
        : [desc(products.createdAt), desc(products.id)];
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(...filterConditions(input)))
    .orderBy(...order)
    .limit(input.limit);
  return rows.map((row) => row.id);
}

/**
 * The business's categories with live products, closest to the shopper's words first (trigram
 * similarity, when it is more than a shared letter or two), then the largest: what to suggest when
 * nothing matched.
 */
export async function closestCategories(db: Database, input: { businessId: string; phrase: string; limit: number }): Promise<string[]> {
  const rows = await selectRows<{ name: string }>(
    db,
    sql`select ${products.category} as name
        from ${products}
        where ${and(...filterConditions({ businessId: input.businessId }))} and ${products.category} is not null
        group by ${products.category}
        order by greatest(max(word_similarity(${input.phrase.slice(0, 200)}, lower(${products.category}))) - 0.3, 0) desc, count(*) desc, ${products.category}
        limit ${input.limit}`,
  );
  return rows.map((row) => row.name);
}

/** The subset of `ids` that are live products of the business satisfying the filters. */
export async function filterProductIds(db: Database, input: CatalogFilters & { ids: string[] }): Promise<Set<string>> {
  if (!input.ids.length) return new Set();
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select ${products.id} as id from ${products}
        where ${and(...filterConditions(input))} and ${products.id} = any(${`{${input.ids.join(",")}}`}::uuid[])`,
  );
  return new Set(rows.map((row) => row.id));
}
