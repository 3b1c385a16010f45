import "server-only";
import { getAppDatabase, getDb, type AppDatabase, type Database } from "@/db/client";
import { logger } from "@/lib/logger";
import { startPeriodic } from "@/lib/periodic";
import { announceCatalogChange } from "@/lib/products/catalog-cache";
import { createEmbeddings, EmbeddingError, embeddingSettings, type EmbeddingSettings } from "./client";
import {
  listBusinessesWithApprovedProducts,
  listEmbeddingSources,
  upsertEmbeddings,
  withBusinessEmbeddingLock,
  withBusinessEmbeddingLockIfFree,
} from "./queries";
import { embeddingContentHash, productEmbeddingText } from "./text";

/** Products read per query while looking for missing or stale embeddings. */
const SCAN_PAGE = 500;
/** Tries per batch: the first and two retries, 0.5 s then 1 s apart (longer when the endpoint says so). */
const MAX_ATTEMPTS = 3;
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 10_000;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export type EmbeddingSyncResult = {
  /** Products embedded and stored by this run. */
  embedded: number;
  /** Set when a batch failed for good: the products it and later batches held wait for the next run. */
  failed: boolean;
  /** Set when, asked to run only if no other instance was embedding the business (`ifFree`), one was. */
  skipped?: true;
};

type Pending = { productId: string; text: string; contentHash: string; source: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function embedWithRetries(settings: EmbeddingSettings, texts: string[], businessId: string): Promise<number[][]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createEmbeddings(settings, { texts, timeoutMs: settings.requestTimeoutMs });
    } catch (error) {
      const failure = error instanceof EmbeddingError ? error : new EmbeddingError("The embeddings request failed.", false, { cause: error });
      if (!failure.retryable || attempt >= MAX_ATTEMPTS) throw failure;
      const delay = Math.min(failure.retryAfterMs ?? RETRY_BASE_MS * 2 ** (attempt - 1), RETRY_MAX_MS);
      logger().warn({ businessId, attempt, delayMs: delay, status: failure.status, err: failure.message }, "embeddings request failed; retrying");
      await sleep(delay);
    }
  }
}

/**
 * Embeds every approved product of one business whose embedding is missing or was made from other
 * text, another model or another vector size: in batches of EMBEDDINGS_BATCH_SIZE, each retried on
 * a transient failure (timeouts, 429, 5xx), each stored as soon as it is back. A batch that still
 * fails ends the run (logged); its products are picked up by the next run. Does nothing when
 * semantic search is off. Errors from the database are thrown.
 *
 * One run of a business at a time across every instance on the database (`database`: this process's
 * unless given): a run another instance holds is waited for, not skipped, since this run's reason (an
 * approval here) may be a product that run's scan has passed; this one then finds only what is still
 * stale, so the endpoint is paid once per product however many instances want it. With `ifFree` (a sweep,
 * whose reason the running instance covers as well) a run another instance holds is skipped instead.
 */
export async function syncBusinessEmbeddings(
  businessId: string,
  options: { database?: AppDatabase; ifFree?: boolean } = {},
): Promise<EmbeddingSyncResult> {
  const settings = embeddingSettings();
  if (!settings) return { embedded: 0, failed: false };
  const database = options.database ?? getAppDatabase();
  const run = () => embedStale({ db: database.db, businessId, settings });
  if (options.ifFree) {
    const outcome = await withBusinessEmbeddingLockIfFree(database, { businessId }, run);
    if (outcome.ran) return outcome.value;
    logger().info({ businessId }, "another instance is embedding this business's products; the sweep leaves them to it");
    return { embedded: 0, failed: false, skipped: true };
  }
  const onHeld = () => logger().info({ businessId }, "another instance is embedding this business's products; waiting for it");
  return withBusinessEmbeddingLock(database, { businessId, onHeld }, run);
}

async function embedStale({ db, businessId, settings }: { db: Database; businessId: string; settings: EmbeddingSettings }): Promise<EmbeddingSyncResult> {
  let embedded = 0;
  let queue: Pending[] = [];

  const flush = async (all: boolean) => {
    while (queue.length >= settings.batchSize || (all && queue.length > 0)) {
      const batch = queue.slice(0, settings.batchSize);
      const vectors = await embedWithRetries(settings, batch.map((item) => item.text), businessId);
      embedded += await upsertEmbeddings(db, {
        businessId,
        model: settings.model,
        rows: batch.map((item, index) => ({ productId: item.productId, contentHash: item.contentHash, source: item.source, embedding: vectors[index]! })),
      });
      queue = queue.slice(batch.length);
    }
  };

  try {
    let afterId: string | null = null;
    for (;;) {
      const page = await listEmbeddingSources(db, { businessId, afterId, limit: SCAN_PAGE });
      for (const product of page) {
        const text = productEmbeddingText(product);
        const contentHash = embeddingContentHash({ text, model: settings.model, dimensions: settings.dimensions });
        if (product.storedModel !== settings.model || product.storedHash !== contentHash) queue.push({ productId: product.id, text, contentHash, source: product.source });
      }
      await flush(false);
      if (page.length < SCAN_PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    await flush(true);
  } catch (error) {
    if (!(error instanceof EmbeddingError)) throw error;
    await announceEmbedded(db, businessId, embedded);
    logger().error(
      { businessId, status: error.status, err: error, embedded, waiting: queue.length },
      "embedding products failed; semantic search skips the products not embedded until the next run",
    );
    return { embedded, failed: true };
  }
  await announceEmbedded(db, businessId, embedded);
  if (embedded > 0) logger().info({ businessId, embedded, model: settings.model }, "products embedded");
  return { embedded, failed: false };
}

/**
 * New vectors change what a search ranks, and whether the business has any (read through the catalog
 * cache by every search): every instance drops the business's cached answers once a run has stored some.
 */
async function announceEmbedded(db: Database, businessId: string, embedded: number): Promise<void> {
  if (embedded > 0) await announceCatalogChange(db, businessId);
}

/** A business's run in flight: `again` asks for one more after it, `failed` tells how the last one ended. */
type Slot = { running: Promise<void>; again: boolean; failed: boolean };

// On globalThis, like the database handle: every route module and a hot reload share one set of runs.
const SYNCS = Symbol.for("product-assistant.embedding-syncs");
const globalForSyncs = globalThis as unknown as { [SYNCS]?: Map<string, Slot> };

function slots(): Map<string, Slot> {
  globalForSyncs[SYNCS] ??= new Map();
  return globalForSyncs[SYNCS];
}

/**
 * Brings a business's embeddings up to date in the background: returns at once and never throws.
 * At most one run per business is in flight in this process (and across instances, one at a time:
 * syncBusinessEmbeddings); requests while it runs coalesce into one more run after it, so a product
 * approved mid-run is never missed and a burst of approvals costs two runs.
 */
export function requestEmbeddingSync(businessId: string, options: { ifFree?: boolean } = {}): void {
  try {
    if (!embeddingSettings()) return;
    const all = slots();
    const existing = all.get(businessId);
    if (existing) {
      existing.again = true;
      return;
    }
    const slot: Slot = { running: Promise.resolve(), again: true, failed: false };
    slot.running = (async () => {
      try {
        // Not on the caller's time: the request that approved the product answers first.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // Only the first run may be skipped: one asked for meanwhile (an approval here) waits its turn.
        let ifFree = options.ifFree ?? false;
        while (slot.again) {
          slot.again = false;
          try {
            slot.failed = (await syncBusinessEmbeddings(businessId, { ifFree })).failed;
          } catch (error) {
            slot.failed = true;
            logger().error({ businessId, err: error }, "embedding sync failed");
          }
          ifFree = false;
        }
      } finally {
        // In the same tick as the last look at `again`, so no request can slip in between.
        all.delete(businessId);
      }
    })();
    all.set(businessId, slot);
  } catch (error) {
    logger().error({ businessId, err: error }, "embedding sync could not start");
  }
}

/** Resolves once no embedding run is in flight or waiting (for a graceful stop, and for tests). */
export async function embeddingSyncsSettled(): Promise<void> {
  const all = slots();
  while (all.size > 0) await Promise.all([...all.values()].map((slot) => slot.running));
}

/** Runs (or joins) a business's sync and waits for it and any run requested meanwhile; true when the last one failed. */
async function syncAndWait(businessId: string, options: { ifFree?: boolean } = {}): Promise<boolean> {
  requestEmbeddingSync(businessId, options);
  let failed = false;
  for (let slot = slots().get(businessId); slot; slot = slots().get(businessId)) {
    await slot.running;
    failed = slot.failed;
  }
  return failed;
}

/**
 * Every business with approved products, one after another: catches up what approvals missed while
 * the process was down or the endpoint failing, a category renamed under its products, and a change
 * of model or vector size. Stops at the first business whose run fails (the endpoint is likely down
 * for all of them; the next sweep goes on). Every instance sweeps: one that reaches a business another
 * instance is embedding moves on to the next rather than wait for it, so after a change of model the
 * instances share the businesses out instead of taking each in turn. Returns how many businesses were visited.
 */
export async function sweepEmbeddings(): Promise<number> {
  if (!embeddingSettings()) return 0;
  const businessIds = await listBusinessesWithApprovedProducts(getDb());
  let visited = 0;
  for (const businessId of businessIds) {
    visited += 1;
    if (await syncAndWait(businessId, { ifFree: true })) {
      logger().warn({ visited, of: businessIds.length }, "embedding sweep stopped early: embedding failed; the next sweep goes on");
      break;
    }
  }
  return visited;
}

/**
 * Sweeps now and then every hour for the life of the process; nothing happens while semantic search
 * is off. A second call in the same process does nothing. Returns a function that stops the sweep.
 */
export function startEmbeddingSweep(): () => void {
  return startPeriodic("embedding-sweep", SWEEP_INTERVAL_MS, sweepEmbeddings);
}
