import type { Database } from "@/db/client";
import { announceChange, getSharedCache } from "@/lib/cache/shared";

/**
 * The public catalog's answers (approved products, public fields only: the same for every caller) are
 * kept in the shared cache's "catalog" scope. An answer about one business is kept under its id; an
 * answer that spans businesses, or names one by its slug, under EVERY_BUSINESS. Every write that changes
 * what a public answer returns announces both, so either kind is dropped on every instance.
 */
const EVERY_BUSINESS = "every-business";

/** A bound on staleness should a notification be lost, and on what a business's rename leaves behind. */
export const CATALOG_CACHE_TTL_MS = 30_000;

/**
 * Loads under way, by scope and key, so a popular search asked by many visitors at once costs the
 * database one load, not one per visitor.
 */
const loading = new Map<string, Promise<unknown>>();

/** Called in the writing transaction: every instance drops the business's cached public answers when it commits. */
export async function announceCatalogChange(db: Database, businessId: string): Promise<void> {
  await announceChange(db, "catalog", businessId);
  await announceChange(db, "catalog", EVERY_BUSINESS);
}

/** A public catalog answer, read through the cache; `key` names everything the answer depends on. */
export async function cachedCatalogAnswer<T>(input: { businessId: string | null; key: string; load: () => Promise<T> }): Promise<T> {
  const businessId = input.businessId ?? EVERY_BUSINESS;
  const loadKey = `${businessId}|${input.key}`;
  // Wait for the load under way, then read through the cache: it holds that load's answer unless a change
  // was announced meanwhile, and then this read loads afresh. Never taking the other load's answer as
  // our own keeps a read that follows a change from seeing what the change replaced.
  // The check and the cache's call of the loader happen in one synchronous step, so of reads that arrive
  // together only the first loads.
  for (let pending = loading.get(loadKey); pending; pending = loading.get(loadKey)) await pending.catch(() => undefined);
  return getSharedCache().get("catalog", businessId, input.key, CATALOG_CACHE_TTL_MS, () => {
    const started = input.load();
    loading.set(loadKey, started);
    void started.finally(() => {
      if (loading.get(loadKey) === started) loading.delete(loadKey);
    }).catch(() => undefined);
    return started;
  });
}

/**
 * `Cache-Control` of a public catalog answer: a browser or CDN may keep it briefly when the request
 * carried no credentials at all. A request with any cookie or Authorization header gets none from here
 * (lib/http.ts then answers `no-store` for a signed-in one), so a member who has just changed a product
 * never reads a copy kept from before the change. `Vary` says so to the caches: one that keys on the
 * address alone would hand a member's request the copy kept for a visitor (a product's public fields
 * where staff get its open change, a list from before their edit).
 */
export function publicCacheHeaders(request: Request): Record<string, string> {
  if (request.headers.has("authorization") || request.headers.has("cookie")) return {};
  return { "cache-control": "public, max-age=10, stale-while-revalidate=30", vary: "Authorization, Cookie" };
}
