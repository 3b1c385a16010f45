/**
 * Chat files benchmarks on Postgres:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --expose-gc --import tsx bench/files/run.ts
 * (a) a CSV just under 10 MB uploaded through POST /api/chat/sessions/:id/files (the real route handler
 *     in bench/chat/app-server.ts, its own process): rows parsed and stored per second, and the app
 *     process's peak RSS over its RSS before the upload (VmHWM after resetting it through
 *     /proc/<pid>/clear_refs, and VmRSS sampled every 20 ms); then the same file's multipart decoding,
 *     reading alone, and reading while storing (storeChatFile, as the upload does), in this process;
 * (b) aggregateFileRows (avg(price) group by category) and queryFileRows (where + orderBy + limit 50)
 *     over a 200,000-row file, in this process against the bench database.
 * Creates and drops its own database; prints a JSON summary for docs/PERFORMANCE.md.
 * Knobs: BENCH_SERVER=next (the uploads go to `next start` of a production build instead of the bare
 *        route handlers) BENCH_ONLY=a,b BENCH_UPLOADS (5) BENCH_CSV_BYTES (10,400,000) BENCH_BIG_ROWS (200,000) BENCH_QUERY_RUNS (200)
 *        BENCH_KEEP_DATABASE=1 (leave the database for EXPLAIN; its name is printed).
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { databaseFromPostgres, type Database } from "@/db/client";
import type { ChatFileColumn } from "@/db/schema";
import { readTabularFile, summarizeFile } from "@/lib/files/parse";
import { completeFile, FILE_CHUNK_ROWS, insertFile, insertFileChunk, settleFileNumbers } from "@/lib/files/queries";
import { aggregateFileRows, fileAggregateSchema, fileQuerySchema, queryFileRows } from "@/lib/files/query";
import { storeChatFile } from "@/lib/files/service";
import { prepareSchema } from "@/lib/startup";
import { benchDatabase, memoryOf, percentile, startProcess, stats } from "../harness";
import { startAppServer } from "../pages/server";

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 5);
const CSV_BYTES = Number(process.env.BENCH_CSV_BYTES ?? 10_400_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 200_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 200);
const WARM_UP_RUNS = 10;
const RSS_SAMPLE_MS = 20;
const ONLY = new Set((process.env.BENCH_ONLY ?? "a,b").split(","));
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === "1";

// ---- numbers ------------------------------------------------------------------------------------

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const median = (values: number[]) => percentile(values, 50);

const mb = (bytes: number) => round(bytes / 1024 / 1024);
const load = () => loadavg().map((n) => round(n, 2));

// ---- the CSV: a supplier's price list -----------------------------------------------------------

/** Deterministic, so every run uploads the same bytes. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [
  "Office Chairs", "Desks", "Lighting", "Storage", "Monitors", "Keyboards", "Mice", "Headsets", "Cables",
  "Networking", "Printers", "Paper", "Pens", "Kitchen", "Cleaning", "Furniture", "Audio", "Cameras", "Tablets", "Bags",
];
const MATERIALS = ["Walnut", "Oak", "Steel", "Aluminium", "Bamboo", "Black", "White", "Grey", "Recycled", "Compact"];
const NOUNS = ["Standing Desk", "Desk Lamp", "Office Chair", "Filing Cabinet", "Monitor Arm", "Keyboard", "Wireless Mouse", "Headset", "USB-C Cable", "Router", "Notebook", "Kettle", "Speaker", "Webcam", "Backpack"];
const HEADER = "sku,name,category,price,stock,updated_at";

function csvLine(rand: () => number, index: number): string {
  const sku = `SKU-${String(index).padStart(6, "0")}-${"ABCDEFGH"[Math.floor(rand() * 8)]}`;
  let name = `${MATERIALS[Math.floor(rand() * MATERIALS.length)]} ${NOUNS[Math.floor(rand() * NOUNS.length)]} ${100 + Math.floor(rand() * 900)}`;
  if (rand() < 0.05) name = `"${name}, set of ${2 + Math.floor(rand() * 4)}"`;
  const category = CATEGORIES[Math.floor(rand() * CATEGORIES.length)];
  const price = (1 + rand() * 999).toFixed(2);
  const stock = rand() < 0.01 ? "" : String(Math.floor(rand() * 500));
  const updated = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 365 * 86_400) * 1000).toISOString().replace(".000Z", "Z");
  return `${sku},${name},${category},${price},${stock},${updated}`;
}

/** Whole lines up to `maxBytes` (or exactly `rows` records), header first. */
function generateCsv(input: { seed: number; maxBytes?: number; rows?: number }): { text: string; rows: number } {
  const rand = random(input.seed);
  const lines = [HEADER];
  let bytes = HEADER.length + 1;
  for (let index = 1; input.rows === undefined || index <= input.rows; index++) {
    const line = csvLine(rand, index);
    if (input.maxBytes !== undefined && bytes + line.length + 1 > input.maxBytes) break;
    lines.push(line);
    bytes += line.length + 1;
  }
  return { text: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}

// ---- the app process ----------------------------------------------------------------------------

/** Resets VmHWM to the current RSS (Linux ≥ 4.0, our own child). */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

// ---- in-process helpers -------------------------------------------------------------------------

/** The profile of two parses of the same columns, as one file's. */
function mergeColumns(a: ChatFileColumn[], b: ChatFileColumn[]): ChatFileColumn[] {
  return a.map((column, index) => {
    const other = b[index]!;
    if (other.name !== column.name || other.type !== column.type) throw new Error(`column ${column.name} differs between halves`);
    const pick = (x: number | string | undefined, y: number | string | undefined, smaller: boolean) =>
      x === undefined ? y : y === undefined ? x : (x < y) === smaller ? x : y;
    const merged: ChatFileColumn = { ...column, nulls: column.nulls + other.nulls };
    const min = pick(column.min, other.min, true);
    const max = pick(column.max, other.max, false);
    if (min !== undefined) merged.min = min;
    if (max !== undefined) merged.max = max;
    return merged;
  });
}

/** A file read and stored in one transaction exactly as an upload stores it; the time of that transaction. */
async function storeFile(db: Database, input: { businessId: string; sessionId: string; userId: string; name: string; text: string }) {
  const t0 = performance.now();
  const file = await db.transaction((tx) =>
    storeChatFile(tx as unknown as Database, {
      businessId: input.businessId,
      sessionId: input.sessionId,
      uploadedBy: input.userId,
      endUserId: null,
      name: input.name,
      sizeBytes: Buffer.byteLength(input.text),
      text: input.text,
    }),
  );
  return { file, storeMs: performance.now() - t0 };
}

const collect = () => (globalThis as { gc?: () => void }).gc?.();
const rssNow = () => process.memoryUsage().rss;

type Bench = {
  db: Database;
  sql: postgres.Sql;
  dbUrl: string;
  secrets: Record<string, string>;
  businessId: string;
  userId: string;
  token: string;
  newSession: (title: string) => Promise<string>;
};

/**
 * The server the uploads go to: the route handlers behind node:http (default), or with
 * BENCH_SERVER=next `next start` of this checkout's production build (`next build` first).
 */
async function startApp(bench: Bench): Promise<{ pid: number; appUrl: string; stop: () => Promise<void> }> {
  const env = { ...bench.secrets, NODE_ENV: "production", DATABASE_URL: bench.dbUrl, LOG_LEVEL: "warn" };
  if (process.env.BENCH_SERVER === "next") {
    const server = await startAppServer(process.cwd(), { database: { postgresUrl: bench.dbUrl }, env: { ...env, SEED_DEMO_DATA: "never" } });
    return { pid: server.pid, appUrl: server.baseUrl, stop: server.stop };
  }
  const started = await startProcess("app", ["bench/chat/app-server.ts"], { ...env, BENCH_APP_PORT: "0" }, /LISTENING (\d+)/);
  return { pid: started.child.pid!, appUrl: `http://127.0.0.1:${started.match[1]}`, stop: async () => void started.child.kill("SIGTERM") };
}

/** (a) The upload route, then its steps on the same file one at a time in this process. */
async function benchUpload(bench: Bench) {
  const { businessId, userId, token, newSession } = bench;
  const app = await startApp(bench);
  try {
    const { pid, appUrl } = app;
    const csv = generateCsv({ seed: 13, maxBytes: CSV_BYTES });
    const csvBytes = Buffer.byteLength(csv.text);
    const upload = async (sessionId: string, text: string) => {
      const form = new FormData();
      form.set("file", new Blob([text], { type: "text/csv" }), "supplier-prices.csv");
      const t0 = performance.now();
      const response = await fetch(`${appUrl}/api/chat/sessions/${sessionId}/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await response.json()) as { file?: { rows: number } };
      const ms = performance.now() - t0;
      if (response.status !== 201) throw new Error(`upload ${response.status}: ${JSON.stringify(body)}`);
      const serverMs = Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1]);
      return { ms, serverMs, rows: body.file!.rows };
    };

    // warm-up: JIT for the multipart reader, the parser and the insert path
    await upload(await newSession("Warm-up"), generateCsv({ seed: 7, rows: 5_000 }).text);

    const uploads = [];
    for (let i = 0; i < UPLOADS; i++) {
      const sessionId = await newSession(`Upload ${i + 1}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const loadBefore = load()[0];
      const before = memoryOf(pid);
      const peakReset = resetPeak(pid);
      let sampledPeak = before.rss;
      const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss)), RSS_SAMPLE_MS);
      const result = await upload(sessionId, csv.text);
      clearInterval(sampler);
      const after = memoryOf(pid);
      sampledPeak = Math.max(sampledPeak, after.rss);
      uploads.push({
        rows: result.rows,
        clientMs: round(result.ms),
        serverMs: round(result.serverMs),
        rowsPerSecond: Math.round(result.rows / (result.ms / 1000)),
        rssBeforeMb: mb(before.rss),
        peakGrowthMb: peakReset ? mb(after.hwm - before.rss) : null,
        sampledPeakGrowthMb: mb(sampledPeak - before.rss),
        rssAfterMb: mb(after.rss),
        loadBefore,
      });
      console.error(`upload ${i + 1}: ${JSON.stringify(uploads.at(-1))}`);
    }
    const route = {
      csvBytes,
      csvRows: csv.rows,
      uploads,
      median: {
        rowsPerSecond: median(uploads.map((u) => u.rowsPerSecond)),
        clientMs: median(uploads.map((u) => u.clientMs)),
        peakGrowthMb: uploads.every((u) => u.peakGrowthMb !== null) ? median(uploads.map((u) => u.peakGrowthMb!)) : null,
        sampledPeakGrowthMb: median(uploads.map((u) => u.sampledPeakGrowthMb)),
      },
    };

    // The route's steps timed apart: multipart decoding + text (File.text()), reading alone
    // (readTabularFile, chunks dropped), and reading while storing (storeChatFile in a transaction, as
    // uploadChatFile does). RSS growth of this process per step on the first run only (a fresh heap; later
    // runs reuse the space it grew to).
    const runs = 3;
    const steps = { multipartMs: [] as number[], readMs: [] as number[], storeMs: [] as number[] };
    let memory: Record<string, number> | null = null;
    const loadBefore = load()[0];
    const form = new FormData();
    form.set("file", new Blob([csv.text], { type: "text/csv" }), "supplier-prices.csv");
    const multipart = new Request("http://bench.local/", { method: "POST", body: form });
    const multipartType = multipart.headers.get("content-type")!;
    const multipartBody = Buffer.from(await multipart.arrayBuffer());
    for (let i = 0; i < runs; i++) {
      collect();
      const base = rssNow();
      let t0 = performance.now();
      const received = await new Response(multipartBody, { headers: { "content-type": multipartType } }).formData();
      const text = await (received.get("file") as File).text();
      steps.multipartMs.push(performance.now() - t0);
      const afterText = rssNow();
      t0 = performance.now();
      await readTabularFile(text, "supplier-prices.csv", { chunkRows: FILE_CHUNK_ROWS, onChunk: () => {} });
      steps.readMs.push(performance.now() - t0);
      collect();
      const beforeStore = rssNow();
      let peak = beforeStore;
      const sampler = setInterval(() => (peak = Math.max(peak, rssNow())), RSS_SAMPLE_MS);
      const stored = await storeFile(bench.db, { businessId, sessionId: await newSession(`Profile ${i + 1}`), userId, name: "supplier-prices.csv", text });
      clearInterval(sampler);
      steps.storeMs.push(stored.storeMs);
      memory ??= { multipartAndTextMb: mb(afterText - base), storePeakMb: mb(peak - beforeStore) };
    }
    const profile = {
      loadBefore,
      runs,
      multipartMedianMs: round(median(steps.multipartMs)),
      readMedianMs: round(median(steps.readMs)),
      storeMedianMs: round(median(steps.storeMs)),
      readRowsPerSecond: Math.round(csv.rows / (median(steps.readMs) / 1000)),
      storeRowsPerSecond: Math.round(csv.rows / (median(steps.storeMs) / 1000)),
      firstRunRssGrowth: memory,
      all: Object.fromEntries(Object.entries(steps).map(([step, values]) => [step, values.map((n) => round(n))])),
    };
    console.error(`profile: ${JSON.stringify(profile)}`);
    return { route, profile };
  } finally {
    await app.stop();
  }
}

/** (b) Aggregate and filtered query over a 200,000-row file, in this process. */
async function benchQueries(bench: Bench) {
  const { db, sql, businessId, userId } = bench;
  // 200,000 rows of the same generator are ~15 MB, over the upload limit: read by readTabularFile in two
  // halves under it (the first a whole number of chunks), their chunks stored into one file with the app's
  // own statements, profiles merged.
  const big = generateCsv({ seed: 42, rows: BIG_ROWS });
  const lines = big.text.trimEnd().split("\n");
  const half = Math.ceil((lines.length - 1) / 2 / FILE_CHUNK_ROWS) * FILE_CHUNK_ROWS;
  const t0 = performance.now();
  const file = await db.transaction(async (transactionDb) => {
    const tx = transactionDb as unknown as Database;
    const row = await insertFile(tx, {
      businessId, sessionId: await bench.newSession("Big file"), uploadedBy: userId, endUserId: null, name: "catalog.csv", kind: "csv",
      sizeBytes: Buffer.byteLength(big.text), rowCount: 0, columns: [], summary: "",
    });
    const readings = [];
    for (const [offset, text] of [
      [0, `${lines.slice(0, half + 1).join("\n")}\n`],
      [half, `${[lines[0], ...lines.slice(half + 1)].join("\n")}\n`],
    ] as const) {
      const writes: Promise<void>[] = [];
      readings.push(
        await readTabularFile(text, "catalog.csv", {
          chunkRows: FILE_CHUNK_ROWS,
          onChunk: (chunk) => writes.push(insertFileChunk(tx, { fileId: row.id, businessId, chunk: { ...chunk, firstRow: chunk.firstRow + offset } })),
        }),
      );
      await Promise.all(writes);
    }
    const columns = mergeColumns(readings[0]!.columns, readings[1]!.columns);
    const numeric = columns.flatMap((c, i) => (c.type === "integer" || c.type === "number" ? [i] : []));
    await settleFileNumbers(tx, { fileId: row.id, businessId, numeric, formatted: numeric });
    const rowCount = readings[0]!.rowCount + readings[1]!.rowCount;
    return completeFile(tx, { fileId: row.id, businessId, rowCount, columns, summary: summarizeFile("catalog.csv", { columns, rowCount }) });
  });
  const storeMs = performance.now() - t0;
  // Steady state: autovacuum would have analyzed a table this size after such a load.
  await sql`vacuum analyze chat_file_columns`;
  const tableRows = Number((await sql`select coalesce(sum(cardinality(texts)), 0)::int as n from chat_file_columns where position = 0`)[0]!.n);

  const time = async (work: () => Promise<unknown>) => {
    for (let i = 0; i < WARM_UP_RUNS; i++) await work();
    const samples: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      const t0 = performance.now();
      await work();
      samples.push(performance.now() - t0);
    }
    return samples;
  };
  const aggregate = fileAggregateSchema.parse({ fn: "avg", column: "price", groupBy: "category" });
  const groups = (await aggregateFileRows(db, { file, aggregate })).results.length;
  const aggregateLoad = load()[0];
  const aggregateMs = await time(() => aggregateFileRows(db, { file, aggregate }));
  const query = fileQuerySchema.parse({
    where: [
      { column: "category", op: "eq", value: "Lighting" },
      { column: "price", op: "lt", value: 250 },
    ],
    orderBy: { column: "price", direction: "desc" },
    limit: 50,
  });
  const sample = await queryFileRows(db, { file, query });
  const queryLoad = load()[0];
  const queryMs = await time(() => queryFileRows(db, { file, query }));
  return {
    fileId: file.id,
    fileRows: file.rowCount,
    tableRows,
    storeMs: round(storeMs),
    aggregate: { spec: aggregate, groups, loadBefore: aggregateLoad, ms: stats(aggregateMs) },
    filtered: { spec: query, matching: sample.count, returned: sample.results.length, loadBefore: queryLoad, ms: stats(queryMs) },
  };
}

async function main() {
  const database = await benchDatabase("bench_files");
  const dbName = database.name;
  const dbUrl = database.url;
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  try {
    const schema = databaseFromPostgres(postgres(dbUrl, { max: 1, onnotice: () => {} }));
    await prepareSchema(schema);
    await schema.close();
    const secrets = {
      JWT_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    };
    Object.assign(process.env, secrets);
    const { signAccessToken } = await import("@/lib/auth/jwt");

    // ---- seed: one business, one member; each file gets its own conversation ----
    const [business] = await sql`insert into businesses (name, slug) values ('Bench Co', ${dbName}) returning id`;
    const businessId = business!.id as string;
    const [user] = await sql`
      insert into users (business_id, email, name, password_hash, role, credits)
      values (${businessId}, 'files@bench.test', 'Files Bench', 'x', 'viewer', 1000) returning id, email, name, role, business_id`;
    const userId = user!.id as string;
    const { token } = await signAccessToken({ id: userId, email: user!.email, name: user!.name, role: user!.role, businessId });
    const bench: Bench = {
      db: databaseFromPostgres(sql).db,
      sql,
      dbUrl,
      secrets,
      businessId,
      userId,
      token,
      newSession: async (title) =>
        (await sql`insert into chat_sessions (business_id, user_id, title) values (${businessId}, ${userId}, ${title}) returning id`)[0]!.id as string,
    };

    const loadStart = load();
    const a = ONLY.has("a") ? await benchUpload(bench) : null;
    const b = ONLY.has("b") ? await benchQueries(bench) : null;
    const summary = {
      when: new Date().toISOString(),
      database: KEEP_DATABASE ? dbName : undefined,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, postgres: (await sql`show server_version`)[0]!.server_version },
      load: { start: loadStart, end: load() },
      a,
      b,
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await sql.end();
    if (!KEEP_DATABASE) await database.drop();
  }
}

await main();
