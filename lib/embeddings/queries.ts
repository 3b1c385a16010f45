import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { selectRows, type AppDatabase, type Database } from "@/db/client";
import { withSessionLock, withSessionLockIfFree } from "@/db/session-lock";
import { productEmbeddings, products } from "@/db/schema";

/** How the similarity is computed: pgvector's cosine distance, or the same cosine in plain SQL over real[]. */
export type SimilarityEngine = "pgvector" | "sql";

/** An approved product's embeddable fields and what is stored for it (nulls: never embedded). */
export type EmbeddingSource = {
  id: string;
  name: string;
  category: string | null;
  description: string;
  storedModel: string | null;
  storedHash: string | null;
  /** Fingerprint of the fields read (sourceFingerprint): the vector is stored only if they are unchanged by then. */
  source: string;
};

/**
 * What the embedded text is made from, as it stands in the row: a run that embedded the text it read stores the
 * vector only while the row still says the same, so a run that was slow on the endpoint while a change was
 * approved (on this instance or another) never stores the old text's vector over the new one's.
 */
const sourceFingerprint = (row: { name: unknown; category: unknown; description: unknown }) =>
  sql<string>`md5(${row.name} || chr(31) || coalesce(${row.category}, '') || chr(31) || left(${row.description}, 4000))`;

/** One page (by id) of a business's approved products with their stored embedding's model and hash. */
export async function listEmbeddingSources(
  db: Database,
  input: { businessId: string; afterId: string | null; limit: number },
): Promise<EmbeddingSource[]> {
  return db
    .select({
      id: products.id,
      name: products.name,
      category: products.category,
      // Only the start of a description is embedded; the rest need not leave the database.
      description: sql<string>`left(${products.description}, 4000)`,
      storedModel: productEmbeddings.model,
      storedHash: productEmbeddings.contentHash,
      source: sourceFingerprint(products),
    })
    .from(products)
    .leftJoin(productEmbeddings, eq(productEmbeddings.productId, products.id))
    .where(
      and(
        eq(products.businessId, input.businessId),
        eq(products.status, "approved"),
        input.afterId ? gt(products.id, input.afterId) : undefined,
      ),
    )
    .orderBy(asc(products.id))
    .limit(input.limit);
}

/**
 * Advisory-lock class of a business's embedding run (the second key is the business). Two-key locks
 * share no keys with the one-key migration and file-sweep locks (7243917, 7243918); the event lock
 * (lib/events/queries.ts) is class 7243919. Two businesses whose ids hash alike only wait for each other.
 */
const EMBEDDING_LOCK_CLASS = 7243920;

/**
 * Runs `work` as the only embedding run of the business across every instance on this database, once
 * another instance's run of it has ended (`onHeld` says this one waits); see withSessionLock.
 */
export function withBusinessEmbeddingLock<T>(
  database: AppDatabase,
  input: { businessId: string; onHeld?: () => void },
  work: () => Promise<T>,
): Promise<T> {
  return withSessionLock(database, { classId: EMBEDDING_LOCK_CLASS, key: input.businessId, onHeld: input.onHeld }, work);
}

/** As withBusinessEmbeddingLock, but `{ran: false}` at once when another instance is embedding the business. */
export function withBusinessEmbeddingLockIfFree<T>(database: AppDatabase, input: { businessId: string }, work: () => Promise<T>) {
  return withSessionLockIfFree(database, { classId: EMBEDDING_LOCK_CLASS, key: input.businessId }, work);
}

function realArrayLiteral(vector: readonly number[]): string {
  return `{${vector.join(",")}}`;
}

function vectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(",")}]`;
}

/**
 * Stores (or replaces) embeddings of products of one business in one statement. A product deleted,
 * taken off sale or given another text (`source`) while it was being embedded is skipped rather than
 * failing the batch: the change that moved it asked for a run of its own. Returns how many rows were written.
 */
export async function upsertEmbeddings(
  db: Database,
  input: { businessId: string; model: string; rows: { productId: string; contentHash: string; source: string; embedding: readonly number[] }[] },
): Promise<number> {
  if (!input.rows.length) return 0;
  const payload = JSON.stringify(
    input.rows.map((row) => ({ id: row.productId, hash: row.contentHash, source: row.source, embedding: realArrayLiteral(row.embedding) })),
  );
  const written = await selectRows<{ productId: string }>(
    db,
    sql`
      insert into ${productEmbeddings} (product_id, business_id, model, content_hash, embedding)
      select p.id, p.business_id, ${input.model}, v.hash, v.embedding::real[]
      from jsonb_to_recordset(${payload}::jsonb) as v(id uuid, hash text, source text, embedding text)
      join ${products} p on p.id = v.id
      where p.business_id = ${input.businessId} and p.status = 'approved'
        and ${sourceFingerprint({ name: sql`p.name`, category: sql`p.category`, description: sql`p.description` })} = v.source
      on conflict (product_id) do update
        set business_id = excluded.business_id, model = excluded.model, content_hash = excluded.content_hash,
            embedding = excluded.embedding, updated_at = now()
      returning product_id as "productId"`,
  );
  return written.length;
}

/**
 * Forgets a product's stored embedding, in the transaction that changed the text it was made from: a
 * vector of the old text must not answer questions about the new one while the new one waits to be embedded.
 */
export async function deleteProductEmbedding(db: Database, input: { businessId: string; productId: string }): Promise<void> {
  await db.delete(productEmbeddings).where(and(eq(productEmbeddings.productId, input.productId), eq(productEmbeddings.businessId, input.businessId)));
}

/** Whether any approved product of the business has an embedding made by `model`. */
export async function hasEmbeddings(db: Database, input: { businessId: string; model: string }): Promise<boolean> {
  const rows = await db
    .select({ id: productEmbeddings.productId })
    .from(productEmbeddings)
    .innerJoin(products, eq(products.id, productEmbeddings.productId))
    .where(and(eq(productEmbeddings.businessId, input.businessId), eq(productEmbeddings.model, input.model), eq(products.status, "approved")))
    .limit(1);
  return rows.length > 0;
}

// Per database handle: tests and scripts may open several, each with its own extensions.
const vectorInstalled = new WeakMap<Database, Promise<boolean>>();

/** Whether the `vector` extension (pgvector) is installed in this database; asked once per handle. */
export function hasVectorExtension(db: Database): Promise<boolean> {
  let known = vectorInstalled.get(db);
  if (!known) {
    known = selectRows<{ installed: boolean }>(db, sql`select exists (select 1 from pg_extension where extname = 'vector') as installed`).then(
      (rows) => rows[0]?.installed === true,
    );
    // A failed look-up is asked again next time rather than remembered.
    known.catch(() => vectorInstalled.delete(db));
    vectorInstalled.set(db, known);
  }
  return known;
}

/**
 * Approved products of one business whose `model` embedding is at least `minSimilarity` (cosine) to
 * `vector`, most similar first (ties by id), at most `limit`. Both engines compute the same cosine;
 * pgvector's runs natively, the plain-SQL one over the real[] column where pgvector is missing.
 */
export async function rankBySimilarity(
  db: Database,
  input: { businessId: string; model: string; vector: readonly number[]; limit: number; minSimilarity: number; engine: SimilarityEngine },
): Promise<{ id: string; similarity: number }[]> {
  const similarity =
    input.engine === "pgvector"
      ? sql`1 - (pe.embedding::vector <=> ${vectorLiteral(input.vector)}::vector)`
      : sql`(select sum(a::float8 * b::float8) / nullif(sqrt(sum(a::float8 * a::float8)) * sqrt(sum(b::float8 * b::float8)), 0)
             from unnest(pe.embedding, ${realArrayLiteral(input.vector)}::real[]) as pair(a, b))`;
  const rows = await selectRows<{ id: string; similarity: number | string }>(
    db,
    sql`
      select id, similarity from (
        select pe.product_id as id, (${similarity})::float8 as similarity
        from ${productEmbeddings} pe
        join ${products} p on p.id = pe.product_id and p.business_id = pe.business_id
        where pe.business_id = ${input.businessId} and pe.model = ${input.model} and p.status = 'approved'
          -- A vector of another size (the dimensions setting changed) is not comparable until re-embedded.
          and cardinality(pe.embedding) = ${input.vector.length}
      ) ranked
      -- NaN (a zero vector) equals NaN in Postgres and sorts above every number: never a match.
      where similarity >= ${input.minSimilarity} and similarity <> 'NaN'::float8
      order by similarity desc, id
      limit ${input.limit}`,
  );
  return rows.map((row) => ({ id: row.id, similarity: Number(row.similarity) }));
}

/** Businesses with at least one approved product: what a full sweep visits. */
export async function listBusinessesWithApprovedProducts(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ businessId: products.businessId }).from(products).where(eq(products.status, "approved"));
  return rows.map((row) => row.businessId);
}
