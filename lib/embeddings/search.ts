import "server-only";
import { getDb } from "@/db/client";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { cachedCatalogAnswer } from "@/lib/products/catalog-cache";
import { createEmbeddings, embeddingSettings, type EmbeddingSettings } from "./client";
import { hasEmbeddings, hasVectorExtension, rankBySimilarity } from "./queries";
import { boundedText, MAX_QUERY_CHARS } from "./text";

const MAX_LIMIT = 100;
/** Recent questions' vectors: the turn and its search tool often embed the same words moments apart. */
const QUERY_CACHE_SIZE = 256;

const globalForCache = globalThis as unknown as { __queryEmbeddings?: Map<string, number[]> };

async function embedQuery(settings: EmbeddingSettings, text: string): Promise<number[]> {
  const cache = (globalForCache.__queryEmbeddings ??= new Map());
  const key = JSON.stringify([settings.baseURL, settings.model, settings.dimensions, text]);
  const cached = cache.get(key);
  if (cached) {
    // Map order is insertion order: re-inserting keeps the most recently used last.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const [vector] = await createEmbeddings(settings, { texts: [text], timeoutMs: settings.queryTimeoutMs });
  cache.set(key, vector!);
  if (cache.size > QUERY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return vector!;
}

/**
 * Approved products of one business ranked by meaning (embedding similarity to `text`), best
 * first, at most `limit` ids, only those at least EMBEDDINGS_MIN_SIMILARITY alike (so [] when
 * nothing is related); null when semantic search is unavailable (no embeddings endpoint
 * configured, the endpoint failed or timed out, or nothing is embedded yet), so the caller keeps
 * its full-text ranking alone. Never throws.
 */
export async function semanticRanking(input: { businessId: string; text: string; limit: number }): Promise<string[] | null> {
  const settings = embeddingSettings();
  if (!settings) return null;
  const text = boundedText(input.text.trim(), MAX_QUERY_CHARS);
  if (!text || !isUuid(input.businessId)) return null;
  const limit = Math.min(Math.max(Math.trunc(input.limit) || 0, 0), MAX_LIMIT);
  if (limit === 0) return [];
  try {
    const db = getDb();
    // A business with nothing embedded (yet) costs no call to the endpoint. Whether it has any is read
    // by every search and changes only with its catalog or a run of the embedding sync, both announced.
    const embedded = await cachedCatalogAnswer({
      businessId: input.businessId,
      key: `has-embeddings:${settings.model}`,
      load: () => hasEmbeddings(db, { businessId: input.businessId, model: settings.model }),
    });
    if (!embedded) return null;
    const vector = await embedQuery(settings, text);
    const engine = (await hasVectorExtension(db)) ? "pgvector" : "sql";
    const ranked = await rankBySimilarity(db, {
      businessId: input.businessId,
      model: settings.model,
      vector,
      limit,
      minSimilarity: settings.minSimilarity,
      engine,
    });
    return ranked.map((row) => row.id);
  } catch (error) {
    logger().warn({ businessId: input.businessId, err: error }, "semantic search unavailable; full-text search answers alone");
    return null;
  }
}
