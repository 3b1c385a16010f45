import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseFromPostgres, getAppDatabase, getDb, selectRows, type AppDatabase } from "@/db/client";
import { productEmbeddings } from "@/db/schema";
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { resetEnv } from "@/lib/env";
import { runBulkAction } from "@/lib/products/bulk";
import { retrieveProducts } from "@/lib/chat/retrieval";
import { approveProduct, updateProduct } from "@/lib/products/service";
import { actorOf, createProduct, createTeam } from "@/test/factories";
import { hasVectorExtension, rankBySimilarity } from "./queries";
import { semanticRanking } from "./search";
import { embeddingSyncsSettled, requestEmbeddingSync, sweepEmbeddings, syncBusinessEmbeddings } from "./sync";
import { embeddingContentHash, productEmbeddingText } from "./text";

let fake: FakeOpenAI;
/** Postgres only: a second instance on the same database (a pool and a lock connection of its own). */
let otherInstance: AppDatabase | undefined;
type Team = Awaited<ReturnType<typeof createTeam>>;

const SETTINGS = {
  OPENAI_API_KEY: "sk-fake-key",
  EMBEDDINGS_BATCH_SIZE: "4",
  EMBEDDINGS_QUERY_TIMEOUT_MS: "1500",
  OPENAI_TIMEOUT_MS: "10000",
} as const;

function configure(overrides: Record<string, string | undefined> = {}) {
  const values: Record<string, string | undefined> = {
    ...SETTINGS,
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDINGS_MODEL: undefined,
    EMBEDDINGS_ENABLED: undefined,
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const pool = getAppDatabase().postgresClient;
  if (pool) {
    otherInstance = databaseFromPostgres(postgres({ ...pool.options, max: 2, onnotice: () => {} } as unknown as postgres.Options<Record<string, never>>));
    // Connected before a test starts, so its runs start on an equal footing with this instance's.
    await otherInstance.db.execute(sql`select 1`);
  }
});

afterAll(async () => {
  await embeddingSyncsSettled();
  await otherInstance?.close();
  await fake.close();
});

beforeEach(async () => {
  // A run left over from the test before must not answer this one's requests.
  await embeddingSyncsSettled();
  configure();
  fake.reset();
});

async function storedFor(productIds: string[]) {
  if (!productIds.length) return [];
  return getDb().select().from(productEmbeddings).where(inArray(productEmbeddings.productId, productIds));
}

/** A product waiting for review, written by the team's editor (so the approver may approve it). */
function pending(team: Team, fields: { name: string; description?: string; category?: string }) {
  return createProduct({
    businessId: team.business.id,
    status: "pending_approval",
    createdBy: team.editor.id,
    submittedBy: team.editor.id,
    description: "",
    ...fields,
  });
}

/** Approved and embedded, as the approval flow leaves it. */
async function live(team: Team, fields: { name: string; description?: string; category?: string }) {
  const product = await pending(team, fields);
  await approveProduct(actorOf(team.approver), { productId: product.id });
  return product;
}

/** The backends holding a business's embedding lock (class 7243920 in lib/embeddings/queries.ts). */
const EMBEDDING_LOCK_HOLDERS = sql`
  select pid from pg_locks
  where locktype = 'advisory' and granted and objsubid = 2 and classid = 7243920
    and database = (select oid from pg_database where datname = current_database())`;

/** Postgres: whether a session that does not hold the embedding lock last asked for it (a run waiting for another's). */
async function someRunWaitsForTheLock(): Promise<boolean> {
  const [row] = await selectRows<{ waiting: number }>(
    getDb(),
    sql`select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and query like 'select pg_try_advisory_lock%' and pid not in (${EMBEDDING_LOCK_HOLDERS})`,
  );
  return (row?.waiting ?? 0) > 0;
}

/** Postgres: ends the connection that holds the embedding lock, as when its instance dies or loses the database. */
async function dropTheLockHoldersConnection(): Promise<void> {
  const killed = await selectRows<{ pid: number }>(getDb(), sql`select pg_terminate_backend(pid) as pid from (${EMBEDDING_LOCK_HOLDERS}) holders`);
  expect(killed).toHaveLength(1);
}

/** Holds the next embeddings request at the fake endpoint: resolves `arrived` once it is there, answers it on `release()`. */
function holdNextEmbeddingRequest() {
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => {
    fake.enqueueEmbeddings({ kind: "held", arrived: resolve, until: new Promise<void>((done) => (release = done)) });
  });
  return { arrived, release: () => release() };
}

const embeddedInputs = () => fake.embeddingRequests.flatMap((request) => (Array.isArray(request.body.input) ? request.body.input : [request.body.input]));

describe("embedding products after approval", () => {
  it("embeds an approved product in the background and stores its vector, model and content hash", async () => {
    const team = await createTeam();
    const settee = await pending(team, { name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });

    const approved = await approveProduct(actorOf(team.approver), { productId: settee.id });
    expect(approved.status).toBe("approved");
    await embeddingSyncsSettled();

    const text = "Velvet Settee\nCategory: Furniture\nThree-seat upholstered settee in emerald velvet.";
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(fake.embeddingRequests[0]).toMatchObject({
      authorization: "Bearer sk-fake-key",
      body: { model: "text-embedding-3-small", input: [text], encoding_format: "float" },
    });
    const [row] = await storedFor([settee.id]);
    expect(row).toMatchObject({ businessId: team.business.id, model: "text-embedding-3-small", contentHash: embeddingContentHash({ text, model: "text-embedding-3-small" }) });
    const expected = fakeEmbedding(text);
    expect(row!.embedding).toHaveLength(expected.length);
    row!.embedding.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 6));
  });

  it("embeds everything a bulk approval makes live, and nothing it refused", async () => {
    const team = await createTeam();
    const products = await Promise.all(["Oak Armchair", "Linen Couch", "Rowing Machine", "Cast Iron Skillet", "Floor Lamp", "Espresso Cups"].map((name) => pending(team, { name })));
    // The approver wrote this one: separation of duties refuses it, so it stays unapproved.
    const own = await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.approver.id, name: "Approver's Own Stool" });

    const result = await runBulkAction(actorOf(team.approver), { action: "approve", ids: [...products.map((p) => p.id), own.id] });
    expect(result.results.filter((item) => item.ok)).toHaveLength(products.length);
    await embeddingSyncsSettled();

    expect((await storedFor(products.map((p) => p.id))).map((row) => row.productId).sort()).toEqual(products.map((p) => p.id).sort());
    expect(await storedFor([own.id])).toEqual([]);
    // Each product was embedded once, however the approvals fell into runs.
    expect(embeddedInputs().sort()).toEqual(products.map((p) => productEmbeddingText({ name: p.name, category: p.category, description: p.description })).sort());
    for (const request of fake.embeddingRequests) expect(request.body.input.length).toBeLessThanOrEqual(4);
  });

  it("sends full batches of EMBEDDINGS_BATCH_SIZE and embeds nothing that is already up to date", async () => {
    const team = await createTeam();
    const products = await Promise.all(
      Array.from({ length: 10 }, (_, index) => createProduct({ businessId: team.business.id, status: "approved", name: `Cushion ${index}` })),
    );

    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 10, failed: false });
    expect(fake.embeddingRequests.map((request) => request.body.input.length)).toEqual([4, 4, 2]);
    expect(await storedFor(products.map((p) => p.id))).toHaveLength(10);

    fake.reset();
    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 0, failed: false });
    expect(fake.embeddingRequests).toHaveLength(0);
  });

  it("retries a batch after a transient failure and stores it", async () => {
    const team = await createTeam();
    fake.enqueueEmbeddings({ kind: "error", status: 500 }, { kind: "error", status: 429, retryAfterSeconds: 0 });
    const lamp = await live(team, { name: "Brass Desk Lamp" });
    await embeddingSyncsSettled();

    expect(fake.embeddingRequests).toHaveLength(3);
    expect(await storedFor([lamp.id])).toHaveLength(1);
  });

  it("gives up after a bounded number of tries, stores nothing, and full-text search still finds the product", async () => {
    const team = await createTeam();
    fake.failEmbeddings(503);
    const tent = await live(team, { name: "Alpine Tent", description: "Two-person tent for the mountains." });
    await embeddingSyncsSettled();

    expect(fake.embeddingRequests).toHaveLength(3);
    expect(await storedFor([tent.id])).toEqual([]);
    expect(await semanticRanking({ businessId: team.business.id, text: "somewhere to sleep on a hike", limit: 5 })).toBeNull();
    expect((await retrieveProducts({ businessId: team.business.id, text: "tent", limit: 5 })).map((p) => p.id)).toEqual([tent.id]);

    // A sweep meanwhile stops at the first business that fails instead of trying every one.
    const second = await createTeam();
    await createProduct({ businessId: second.business.id, status: "approved", name: "Trail Backpack" });
    fake.reset();
    fake.failEmbeddings(503);
    expect(await sweepEmbeddings()).toBeGreaterThanOrEqual(1);
    expect(fake.embeddingRequests).toHaveLength(3);

    // The next run (another approval, or the sweep) catches up once the endpoint is back.
    fake.failEmbeddings(null);
    expect(await sweepEmbeddings()).toBeGreaterThanOrEqual(1);
    expect(await storedFor([tent.id])).toHaveLength(1);
  });

  it("does not retry a request the endpoint refuses outright", async () => {
    const team = await createTeam();
    const scarf = await createProduct({ businessId: team.business.id, status: "approved", name: "Wool Scarf" });
    fake.enqueueEmbeddings({ kind: "error", status: 400, message: "bad model" });
    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 0, failed: true });
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(await storedFor([scarf.id])).toEqual([]);
  });

  it("embeds again when an approved revision changes the name, and only that product", async () => {
    const team = await createTeam();
    const lamp = await live(team, { name: "Reading Lamp", category: "Lighting" });
    const mug = await live(team, { name: "Stoneware Mug" });
    await embeddingSyncsSettled();
    const [before] = await storedFor([lamp.id]);
    fake.reset();

    await updateProduct(actorOf(team.editor), { productId: lamp.id, changes: { name: "Reading Couch", sku: undefined, category: undefined, status: "pending_approval" } });
    await embeddingSyncsSettled();
    expect(fake.embeddingRequests).toHaveLength(0);
    await approveProduct(actorOf(team.approver), { productId: lamp.id });
    await embeddingSyncsSettled();

    expect(embeddedInputs()).toEqual(["Reading Couch\nCategory: Lighting"]);
    const [after] = await storedFor([lamp.id]);
    expect(after!.contentHash).not.toBe(before!.contentHash);
    expect(after!.contentHash).toBe(embeddingContentHash({ text: "Reading Couch\nCategory: Lighting", model: "text-embedding-3-small" }));
    expect(await semanticRanking({ businessId: team.business.id, text: "a sofa", limit: 5 })).toEqual([lamp.id]);
    expect(await storedFor([mug.id])).toHaveLength(1);
  });

  it("a change approved while the endpoint fails leaves no vector of the old text answering by meaning", async () => {
    const team = await createTeam();
    const settee = await live(team, { name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });
    const mug = await live(team, { name: "Stoneware Mug", description: "Holds a large coffee." });
    await embeddingSyncsSettled();
    const question = "something to sit on in the living room";
    expect(await semanticRanking({ businessId: team.business.id, text: question, limit: 5 })).toEqual([settee.id]);

    // The same product now sells as a desk lamp; its new text cannot be embedded for now.
    const changes = { name: "Brass Desk Lamp", description: "A reading lamp with a brass shade.", sku: undefined, category: undefined, status: "pending_approval" as const };
    await updateProduct(actorOf(team.editor), { productId: settee.id, changes });
    fake.failEmbeddings(503);
    await approveProduct(actorOf(team.approver), { productId: settee.id });
    await embeddingSyncsSettled();
    fake.failEmbeddings(null);

    // The settee's vector no longer describes the product: the lamp is not a seat.
    expect(await semanticRanking({ businessId: team.business.id, text: question, limit: 5 })).toEqual([]);
    expect(await storedFor([settee.id])).toEqual([]);
    expect(await storedFor([mug.id])).toHaveLength(1);

    // The next run embeds the text that is live.
    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 1, failed: false });
    expect(await semanticRanking({ businessId: team.business.id, text: "a brass lamp for reading", limit: 5 })).toEqual([settee.id]);
  });

  it("a run that was embedding the old text when a change was approved does not store it over the new text's vector", async () => {
    const team = await createTeam();
    // Live but not embedded yet (the endpoint was down when it was approved).
    const settee = await createProduct({ businessId: team.business.id, status: "approved", name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });
    // A run elsewhere (another instance's sweep) reads the settee's text and waits on the endpoint.
    const held = holdNextEmbeddingRequest();
    const elsewhere = syncBusinessEmbeddings(team.business.id, { database: otherInstance });
    await held.arrived;
    // On Postgres its lock keeps this instance's runs waiting, until it loses its connection: then they
    // go ahead while it is still at the endpoint. (The embedded engine has no other instance.)
    if (otherInstance) await dropTheLockHoldersConnection();

    // Meanwhile the product becomes a desk lamp, and this instance embeds its new text.
    const changes = { name: "Brass Desk Lamp", description: "A reading lamp with a brass shade.", sku: undefined, category: undefined, status: "pending_approval" as const };
    await updateProduct(actorOf(team.editor), { productId: settee.id, changes });
    await approveProduct(actorOf(team.approver), { productId: settee.id });
    await embeddingSyncsSettled();
    const lampText = "Brass Desk Lamp\nCategory: Furniture\nA reading lamp with a brass shade.";
    expect(embeddedInputs()).toContain(lampText);

    // The run elsewhere gets its answer for the settee now: it is no longer what the product says.
    held.release();
    expect(await elsewhere).toEqual({ embedded: 0, failed: false });
    const [row] = await storedFor([settee.id]);
    expect(row?.contentHash).toBe(embeddingContentHash({ text: lampText, model: "text-embedding-3-small" }));
    expect(await semanticRanking({ businessId: team.business.id, text: "something to sit on in the living room", limit: 5 })).toEqual([]);
    expect(await semanticRanking({ businessId: team.business.id, text: "a brass lamp for reading", limit: 5 })).toEqual([settee.id]);
  });

  it("a change of stock or price alone keeps the vector, which still describes the product", async () => {
    const team = await createTeam();
    const settee = await live(team, { name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });
    await embeddingSyncsSettled();
    const [before] = await storedFor([settee.id]);
    fake.reset();
    fake.failEmbeddings(503);
    await updateProduct(actorOf(team.editor), { productId: settee.id, changes: { price: "999.00", sku: undefined, category: undefined, status: "pending_approval" } });
    await approveProduct(actorOf(team.approver), { productId: settee.id });
    await embeddingSyncsSettled();
    expect(fake.embeddingRequests).toHaveLength(0);
    const [after] = await storedFor([settee.id]);
    expect(after?.contentHash).toBe(before!.contentHash);
  });

  it("does nothing without a model endpoint, or with semantic search switched off", async () => {
    const team = await createTeam();
    configure({ OPENAI_API_KEY: undefined });
    const rug = await live(team, { name: "Wool Rug" });
    requestEmbeddingSync(team.business.id);
    await embeddingSyncsSettled();
    expect(await semanticRanking({ businessId: team.business.id, text: "rug", limit: 5 })).toBeNull();

    configure({ EMBEDDINGS_ENABLED: "false" });
    requestEmbeddingSync(team.business.id);
    await embeddingSyncsSettled();
    expect(await semanticRanking({ businessId: team.business.id, text: "rug", limit: 5 })).toBeNull();
    expect(await sweepEmbeddings()).toBe(0);

    expect(fake.embeddingRequests).toHaveLength(0);
    expect(await storedFor([rug.id])).toEqual([]);
  });
});

// Several instances on one Postgres; the embedded engine is one process per data directory.
describe("embedding runs of one business on several instances (Postgres)", () => {
  it("runs started at once on two instances embed each stale product once, and both finish", async () => {
    if (!otherInstance) return; // PGlite: one process per data directory, so no second instance
    const team = await createTeam();
    const products = await Promise.all(
      Array.from({ length: 6 }, (_, index) => createProduct({ businessId: team.business.id, status: "approved", name: `Floor Cushion ${index}` })),
    );
    // Whichever run asks first is held at the endpoint with its first batch.
    const held = holdNextEmbeddingRequest();
    const runs = [syncBusinessEmbeddings(team.business.id), syncBusinessEmbeddings(team.business.id, { database: otherInstance })];
    await held.arrived;
    // The other run now waits for the lock (without one, it has gone to the endpoint for the same products).
    await vi.waitUntil(async () => fake.embeddingRequests.length > 1 || (await someRunWaitsForTheLock()), { timeout: 10_000, interval: 20 });
    held.release();

    const results = await Promise.all(runs);
    expect(results.map((result) => result.embedded).sort()).toEqual([0, 6]);
    expect(results.every((result) => !result.failed)).toBe(true);
    expect(embeddedInputs().sort()).toEqual(products.map((p) => productEmbeddingText({ name: p.name, category: p.category, description: p.description })).sort());
    expect(await storedFor(products.map((p) => p.id))).toHaveLength(6);
  });

  it("a run waiting for another instance's goes ahead once that instance's connection is gone", async () => {
    if (!otherInstance) return; // PGlite: one process per data directory, so no second instance
    const team = await createTeam();
    const stool = await createProduct({ businessId: team.business.id, status: "approved", name: "Bar Stool" });
    const held = holdNextEmbeddingRequest();
    const elsewhere = syncBusinessEmbeddings(team.business.id, { database: otherInstance });
    await held.arrived;
    const here = syncBusinessEmbeddings(team.business.id);
    await vi.waitUntil(someRunWaitsForTheLock, { timeout: 10_000, interval: 20 });

    await dropTheLockHoldersConnection();
    // Done while the other instance's run is still at the endpoint.
    expect(await here).toEqual({ embedded: 1, failed: false });
    expect(await storedFor([stool.id])).toHaveLength(1);

    held.release();
    expect((await elsewhere).failed).toBe(false);
    // Its lock went with the connection: the next run of either instance takes it at once.
    fake.reset();
    expect(await syncBusinessEmbeddings(team.business.id, { database: otherInstance })).toEqual({ embedded: 0, failed: false });
    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 0, failed: false });
  });
});

describe("the sweep on several instances (Postgres)", () => {
  it("passes over a business another instance is embedding and embeds the others, without waiting for it", async () => {
    if (!otherInstance) return; // PGlite: one process per data directory, so no second instance
    const [busy, idle] = await Promise.all([createTeam(), createTeam()]);
    const lamp = await createProduct({ businessId: busy.business.id, status: "approved", name: "Reading Lamp" });
    const held = holdNextEmbeddingRequest();
    const elsewhere = syncBusinessEmbeddings(busy.business.id, { database: otherInstance });
    await held.arrived;
    const chair = await createProduct({ businessId: idle.business.id, status: "approved", name: "Desk Chair" });

    // Before: the sweep waited at the busy business until the other instance was done with it.
    const sweep = sweepEmbeddings();
    const outcome = await Promise.race([sweep.then(() => "swept"), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000))]);
    expect(outcome).toBe("swept");
    expect(await sweep).toBeGreaterThanOrEqual(2);
    expect(await storedFor([chair.id])).toHaveLength(1);
    expect(await storedFor([lamp.id])).toEqual([]);

    held.release();
    expect(await elsewhere).toEqual({ embedded: 1, failed: false });
    expect(await storedFor([lamp.id])).toHaveLength(1);
    // An approval's run (not a sweep's) still waits for the holder rather than skip: covered above.
  });
});

describe("semantic ranking", () => {
  let team: Team;
  let other: Team;
  let settee: { id: string };
  let dumbbells: { id: string };
  let lamp: { id: string };
  let draftSofa: { id: string };
  let rivalSofa: { id: string };

  beforeAll(async () => {
    configure();
    team = await createTeam();
    other = await createTeam();
    settee = await live(team, { name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });
    dumbbells = await live(team, { name: "Adjustable Dumbbells", category: "Fitness", description: "A pair from 2 to 24 kg." });
    lamp = await live(team, { name: "Arc Floor Lamp", category: "Lighting", description: "Marble base, linen shade." });
    rivalSofa = await live(other, { name: "Corner Sofa", category: "Furniture", description: "A sofa to sit on in the living room." });
    await embeddingSyncsSettled();
    // An unapproved product with a vector (as a product taken back to draft would keep) must never match.
    draftSofa = await createProduct({ businessId: team.business.id, status: "draft", name: "Sofa Prototype", description: "A sofa to sit on in the living room." });
    await getDb()
      .insert(productEmbeddings)
      .values({ productId: draftSofa.id, businessId: team.business.id, model: "text-embedding-3-small", contentHash: "x", embedding: fakeEmbedding("sofa sit living room") });
  });

  it("finds a product that shares no word with the question, and leaves out unrelated ones", async () => {
    const question = "something to sit on in the living room";
    const ranked = await semanticRanking({ businessId: team.business.id, text: question, limit: 5 });
    expect(ranked).toEqual([settee.id]);
    expect(await semanticRanking({ businessId: team.business.id, text: "gear for my workout", limit: 5 })).toEqual([dumbbells.id]);
    expect(await semanticRanking({ businessId: team.business.id, text: "a quantum flux capacitor", limit: 5 })).toEqual([]);
    expect(fake.embeddingRequests.at(-1)?.body).toMatchObject({ input: ["a quantum flux capacitor"], encoding_format: "float" });
  });

  it("never returns another business's products or unapproved ones", async () => {
    const ranked = await semanticRanking({ businessId: team.business.id, text: "sofa sit living room", limit: 50 });
    expect(ranked).toContain(settee.id);
    expect(ranked).not.toContain(rivalSofa.id);
    expect(ranked).not.toContain(draftSofa.id);
    expect(await semanticRanking({ businessId: other.business.id, text: "sofa sit living room", limit: 50 })).toEqual([rivalSofa.id]);
  });

  it("ranks the same on pgvector and in plain SQL", async () => {
    const db = getDb();
    const installed = await hasVectorExtension(db);
    // PGlite always loads pgvector; the Postgres here may not have it, and then plain SQL ranks alone.
    if (process.env.DATABASE_URL) expect(typeof installed).toBe("boolean");
    else expect(installed).toBe(true);
    const vector = fakeEmbedding("a lamp to sit by in the living room");
    const input = { businessId: team.business.id, model: "text-embedding-3-small", vector, limit: 10, minSimilarity: -1 };
    const plain = await rankBySimilarity(db, { ...input, engine: "sql" });
    expect(plain.map((row) => row.id)).toEqual([settee.id, lamp.id, dumbbells.id]);
    expect(plain[0]!.similarity).toBeGreaterThan(plain[1]!.similarity);
    if (installed) {
      const native = await rankBySimilarity(db, { ...input, engine: "pgvector" });
      expect(native.map((row) => row.id)).toEqual(plain.map((row) => row.id));
      native.forEach((row, index) => expect(row.similarity).toBeCloseTo(plain[index]!.similarity, 5));
    }
    for (const engine of installed ? (["sql", "pgvector"] as const) : (["sql"] as const)) {
      expect((await rankBySimilarity(db, { ...input, minSimilarity: 0.2, engine })).map((row) => row.id)).toEqual([settee.id, lamp.id]);
      expect((await rankBySimilarity(db, { ...input, minSimilarity: 0.3, engine })).map((row) => row.id)).toEqual([settee.id]);
    }
  });

  it("answers null at once when the question cannot be embedded in time or the endpoint fails", async () => {
    fake.enqueueEmbeddings({ kind: "slow", delayMs: 8000 });
    const started = Date.now();
    expect(await semanticRanking({ businessId: team.business.id, text: "a comfy seat", limit: 5 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(6000);

    fake.failEmbeddings(500);
    expect(await semanticRanking({ businessId: team.business.id, text: "a seat for two", limit: 5 })).toBeNull();
    // A shopper is not kept waiting for retries.
    expect(fake.embeddingRequests.filter((request) => request.body.input[0] === "a seat for two")).toHaveLength(1);
    fake.failEmbeddings(null);
    expect(await semanticRanking({ businessId: team.business.id, text: "a seat for two", limit: 5 })).toEqual([settee.id]);
    // What a browser test writes in the chat box to make the question's embedding fail.
    expect(await semanticRanking({ businessId: team.business.id, text: "a seat [fake:embeddings-500]", limit: 5 })).toBeNull();
  });

  it("answers null without calling the endpoint for a business with nothing embedded, or for another model", async () => {
    const empty = await createTeam();
    expect(await semanticRanking({ businessId: empty.business.id, text: "sofa", limit: 5 })).toBeNull();
    expect(await semanticRanking({ businessId: "not-a-uuid", text: "sofa", limit: 5 })).toBeNull();
    expect(await semanticRanking({ businessId: team.business.id, text: "   ", limit: 5 })).toBeNull();
    configure({ EMBEDDINGS_MODEL: "text-embedding-3-large" });
    expect(await semanticRanking({ businessId: team.business.id, text: "sofa", limit: 5 })).toBeNull();
    expect(fake.embeddingRequests).toHaveLength(0);

    // A change of model re-embeds the business's live products with the new one.
    expect(await syncBusinessEmbeddings(team.business.id)).toEqual({ embedded: 3, failed: false });
    expect(fake.embeddingRequests.map((request) => request.body.model)).toEqual(["text-embedding-3-large"]);
    expect(await semanticRanking({ businessId: team.business.id, text: "sofa", limit: 5 })).toEqual([settee.id]);
    const rows = await getDb().select().from(productEmbeddings).where(eq(productEmbeddings.businessId, team.business.id));
    expect(rows.filter((row) => row.model === "text-embedding-3-large").map((row) => row.productId).sort()).toEqual([settee.id, dumbbells.id, lamp.id].sort());
  });
});
