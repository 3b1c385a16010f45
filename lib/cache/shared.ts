import { sql } from "drizzle-orm";
import { afterCommit, getAppDatabase, type AppDatabase, type Database } from "@/db/client";
import { listenTo } from "@/db/listen";
import { logger } from "@/lib/logger";

/**
 * Read-through caches that every instance keeps correct. A write that changes what a cache holds calls
 * `announceChange` in its transaction: the NOTIFY it sends is delivered to every instance's listener
 * when (and only if) the transaction commits, and each drops that scope for that business. The writer's
 * own process drops it at once as well, so a request that follows the write in the same process never
 * reads what the write replaced.
 *
 * A value is stored only when nothing was announced for its scope and business while it was loading,
 * and only while the listener is up: a cache that may have missed a notification is emptied and not
 * filled until it listens again. Entries also expire after `ttlMs`, a bound on staleness should a
 * notification ever be lost some other way.
 */

export const CACHE_CHANNEL = "cache_changes";

/** What a cache holds, per business: the public catalog's answers, the business's settings, its members. */
export const CACHE_SCOPES = ["catalog", "business", "members"] as const;
export type CacheScope = (typeof CACHE_SCOPES)[number];

function isCacheScope(value: string): value is CacheScope {
  return (CACHE_SCOPES as readonly string[]).includes(value);
}

type Entry = { value: unknown; generation: number; expiresAt: number };

const MAX_ENTRIES = 5_000;
/** How long after a failed start the cache reads without listening before it tries again. */
const LISTEN_RETRY_MS = 5_000;

function scopeKey(scope: CacheScope, businessId: string): string {
  return `${scope}:${businessId}`;
}

export class SharedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  /** Bumped by a scope-wide drop and by a lost listener, so no load that began before either is stored. */
  private everyGeneration = 0;
  private listening: Promise<void> | null = null;
  private ready = false;
  private listenFailedAt = 0;
  private stopListening: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(readonly database: AppDatabase) {}

  private generationOf(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  private readonly dropListeners = new Set<(scope: CacheScope, businessId: string | null) => void>();

  /**
   * Calls `listener` whenever a scope is forgotten here (an announcement of this process, or another
   * instance's arriving): what others hold besides cached values (an open live stream) can act on it.
   */
  onDrop(listener: (scope: CacheScope, businessId: string | null) => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  /** Forgets one scope of one business (`null`: of every business). */
  drop(scope: CacheScope, businessId: string | null): void {
    this.forget(scope, businessId);
    for (const listener of this.dropListeners) listener(scope, businessId);
  }

  private forget(scope: CacheScope, businessId: string | null): void {
    if (businessId === null) {
      for (const key of [...this.generations.keys()]) if (key.startsWith(`${scope}:`)) this.generations.set(key, this.generationOf(key) + 1);
      for (const key of [...this.entries.keys()]) if (key.startsWith(`${scope}:`)) this.entries.delete(key);
      this.everyGeneration += 1;
      return;
    }
    const key = scopeKey(scope, businessId);
    this.generations.set(key, this.generationOf(key) + 1);
    const prefix = `${key}|`;
    for (const entryKey of [...this.entries.keys()]) if (entryKey.startsWith(prefix)) this.entries.delete(entryKey);
  }

  private dropEverything(): void {
    this.entries.clear();
    this.generations.clear();
    this.everyGeneration += 1;
    for (const scope of CACHE_SCOPES) for (const listener of this.dropListeners) listener(scope, null);
  }

  private onNotify(payload: string): void {
    const [scope, businessId] = payload.split(":");
    if (scope && isCacheScope(scope) && businessId) this.drop(scope, businessId === "*" ? null : businessId);
  }

  private listen(): void {
    if (this.listening || this.stopped) return;
    // While the database refuses, a read tries again at most every few seconds, not with every request.
    if (Date.now() - this.listenFailedAt < LISTEN_RETRY_MS) return;
    this.listening = (async () => {
      const listener = await listenTo(this.database, CACHE_CHANNEL, {
        onNotify: (payload) => this.onNotify(payload),
        // Notifications sent while it did not listen are gone: what was cached before may be stale.
        onListen: () => {
          this.dropEverything();
          this.ready = true;
        },
        onLost: () => {
          this.ready = false;
          this.dropEverything();
          logger().warn("cache listener lost its connection; reading without the cache until it listens again");
        },
        log: (error) => logger().warn({ err: error }, "cache listener could not listen again yet"),
      });
      this.stopListening = () => listener.stop();
    })().catch((error: unknown) => {
      logger().warn({ err: error }, "cache listener could not start; reading without the cache");
      this.listenFailedAt = Date.now();
      this.listening = null;
    });
  }

  /**
   * The cached value of `key` in `scope` for `businessId`, loaded by `load` when absent or expired.
   * `key` must name everything the value depends on (the query, the page, the audience).
   */
  async get<T>(scope: CacheScope, businessId: string, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    this.listen();
    const generationKey = scopeKey(scope, businessId);
    const entryKey = `${generationKey}|${key}`;
    const now = Date.now();
    const found = this.entries.get(entryKey);
    if (found && found.expiresAt > now && found.generation === this.generationOf(generationKey)) {
      // Most recently used last, so the oldest is the first one evicted.
      this.entries.delete(entryKey);
      this.entries.set(entryKey, found);
      return found.value as T;
    }
    const generation = this.generationOf(generationKey);
    const every = this.everyGeneration;
    const value = await load();
    if (this.ready && !this.stopped && generation === this.generationOf(generationKey) && every === this.everyGeneration) {
      this.entries.delete(entryKey);
      this.entries.set(entryKey, { value, generation, expiresAt: Date.now() + ttlMs });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Resolves once this process listens for changes (tests wait for it before counting on the cache). */
  async whenListening(): Promise<void> {
    this.listen();
    await this.listening;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.dropEverything();
    await this.listening?.catch(() => undefined);
    await this.stopListening?.().catch(() => undefined);
  }
}

const globalForCache = globalThis as unknown as { __sharedCache?: SharedCache };

/** The process's cache for the database it uses now (a test that installs another database gets a new one). */
export function getSharedCache(): SharedCache {
  const database = getAppDatabase();
  const current = globalForCache.__sharedCache;
  if (current && current.database === database) return current;
  if (current) void current.stop();
  globalForCache.__sharedCache = new SharedCache(database);
  return globalForCache.__sharedCache;
}

/**
 * Announces, in the transaction `db` belongs to, that `scope` of `businessId` (`null`: of every
 * business) changed. Every instance drops it when the transaction commits; this process drops it now,
 * and once more after the commit: a request that read the old rows between the two may have stored
 * them, and a request that follows the write here must not find them (its own notification may be
 * a moment behind).
 */
export async function announceChange(db: Database, scope: CacheScope, businessId: string | null): Promise<void> {
  getSharedCache().drop(scope, businessId);
  await db.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${`${scope}:${businessId ?? "*"}`})`);
  afterCommit(db, () => getSharedCache().drop(scope, businessId));
}
