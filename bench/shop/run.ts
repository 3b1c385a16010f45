/**
 * Storefront benchmark: the server render of /shop/<slug> for a business with 100,000 approved
 * products, 20 per page, with images. On a fresh Postgres database of its own it:
 *   1. loads the catalog benchmark's generator (bench/catalog/generate.ts, seeded, 100 k products in
 *      one business "bench-catalog") and gives every product one image and every third a second one;
 *   2. measures, in this process, what the page does per request: the storefront's data
 *      (lib/shops/service.ts listShopProducts: shop lookup, categories, facet counts, the page of
 *      rows, their images) and the React render of the page body (components/shop/storefront-view.tsx
 *      through react-dom/server renderToString), for a rotation of realistic storefront URLs;
 *   3. prints EXPLAIN (ANALYZE, BUFFERS) of every statement one page load runs, per scenario;
 *   4. optionally (BENCH_APP_DIR=<a copy of the app with a production build>) starts `next start`
 *      there on the same database and times whole GET /shop/bench-catalog… responses, one at a time.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NODE_ENV=production \
 *     TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --import tsx bench/shop/run.ts
 *
 * Knobs: BENCH_PRODUCTS (100000) BENCH_RUNS (rounds over the scenarios, 30) BENCH_HTTP_RUNS (10)
 *        BENCH_APP_DIR BENCH_KEEP_DATABASE=1 (leave the database; its name is printed)
 *        BENCH_DATABASE=<a kept database> (measure it again, no loading; it is left in place).
 * Prints a JSON summary for docs/PERFORMANCE.md ("Storefront").
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { installAppDatabase, type AppDatabase, type Database } from "@/db/client";
import * as schema from "@/db/schema";
import { StorefrontView } from "@/components/shop/storefront-view";
import { storefrontQuery } from "@/lib/shops/page-query";
import { listShopProducts } from "@/lib/shops/service";
import { databaseUrlFor } from "@/test/database-url";
import { benchDatabase, stats } from "../harness";

const root = path.resolve(import.meta.dirname, "../..");
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const HTTP_RUNS = Number(process.env.BENCH_HTTP_RUNS ?? 10);
const APP_DIR = process.env.BENCH_APP_DIR;
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === "1";
/** A database a previous run kept (BENCH_KEEP_DATABASE=1), measured again without loading. */
const REUSE_DATABASE = process.env.BENCH_DATABASE;
const SLUG = "bench-catalog";

/** The storefront URLs a visitor produces: the landing page, paging, each sort, each filter, searches. */
const SCENARIOS: { name: string; search: string }[] = [
  { name: "landing (relevance = newest)", search: "" },
  { name: "page 2", search: "page=2" },
  { name: "page 50", search: "page=50" },
  { name: "price, low to high", search: "sort=price_asc" },
  { name: "price, high to low", search: "sort=price_desc" },
  { name: "category", search: "category=Kitchen" },
  { name: "price range", search: "minPrice=100&maxPrice=250" },
  { name: "in stock, newest", search: "inStock=true&sort=newest" },
  { name: "category + range + in stock, by price", search: "category=Office&minPrice=50&maxPrice=500&inStock=true&sort=price_asc" },
  { name: "search, one broad word", search: "q=desk" },
  { name: "search, two words, by price", search: "q=oak%20desk&sort=price_asc" },
  { name: "page past the end", search: "page=9999" },
];

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Steps 1: the catalog generator in its own process, then images for every product. */
async function load(url: string, db: Database) {
  const started = Date.now();
  const generated = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "bench/catalog/generate.ts", String(PRODUCTS)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, TSX_TSCONFIG_PATH: "tsconfig.json" },
    // Its progress goes to stderr: stdout is this benchmark's JSON.
    stdio: ["ignore", 2, "inherit"],
  });
  if (generated.status !== 0) throw new Error(`bench/catalog/generate.ts exited with ${generated.status}`);
  // The page only builds image URLs from these rows (the bytes are served by another route), so no blobs.
  await db.execute(`
    insert into product_images (product_id, business_id, position, alt, widths, original_width, original_height, original_type, original_bytes)
    select p.id, p.business_id, n.position, p.name || ' (' || (n.position + 1) || ')', '[160, 480, 1200]'::jsonb, 1600, 1200, 'image/jpeg', 250000
    from products p cross join (values (0), (1)) as n(position)
    where n.position = 0 or right(p.sku, 1) in ('0', '3', '6')`);
  await db.execute("vacuum analyze products");
  await db.execute("vacuum analyze product_images");
  await db.execute("analyze product_categories");
  await db.execute("analyze businesses");
  return { seconds: round((Date.now() - started) / 1000), ...(await counts(db)) };
}

async function counts(db: Database): Promise<{ products: number; images: number }> {
  const [row] = rowsOf<{ products: number; images: number }>(
    await db.execute("select (select count(*) from products)::int as products, (select count(*) from product_images)::int as images"),
  );
  return row!;
}

/** Step 2: one page load in this process — the data, then the render — timed apart. */
async function renderOnce(search: string) {
  const t0 = performance.now();
  const { query, ignored } = storefrontQuery(Object.fromEntries(new URLSearchParams(search)));
  const list = await listShopProducts({ slug: SLUG, ...query });
  const t1 = performance.now();
  const { q, category, minPrice, maxPrice, inStock, sort, page } = query;
  const html = renderToString(createElement(StorefrontView, { list, state: { q, category, minPrice, maxPrice, inStock, sort, page }, ignored }));
  const t2 = performance.now();
  return { data: t1 - t0, render: t2 - t1, total: t2 - t0, html, results: list.results.length, count: list.count };
}

/** Step 3: every statement of one page load, captured through Drizzle's logger, explained with its parameters. */
async function explainScenarios(client: postgres.Sql) {
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle({ client, schema, casing: "snake_case", logger: { logQuery: (query, params) => void captured.push({ query, params }) } }) as unknown as Database;
  installAppDatabase({ db, kind: "postgres", close: async () => {} });
  const plans: Record<string, { statement: string; ms: number; plan: string[] }[]> = {};
  for (const scenario of SCENARIOS) {
    captured.length = 0;
    await renderOnce(scenario.search);
    const statements = [...captured];
    plans[scenario.name] = [];
    for (const statement of statements) {
      const rows = await client.unsafe(`explain (analyze, buffers) ${statement.query}`, statement.params as never[]);
      const plan = rows.map((row) => String((row as Record<string, unknown>)["QUERY PLAN"]));
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join("\n"))?.[1] ?? NaN);
      const kind = /from "product_images"/.test(statement.query)
        ? "images"
        : /from "product_categories"/.test(statement.query)
          ? "categories"
          : /group by "products"."category"/.test(statement.query)
            ? "facet counts"
            : /from "products"/.test(statement.query)
              ? "page rows"
              : "shop by slug";
      plans[scenario.name]!.push({ statement: kind, ms, plan });
    }
  }
  return plans;
}

/** Step 4: whole responses of a production server (`next start`), one request at a time. */
async function measureHttp(url: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(path.join(APP_DIR!, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: APP_DIR,
    // Its output goes to stderr: stdout is this benchmark's JSON.
    stdio: ["ignore", 2, 2],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      SEED_DEMO_DATA: "never",
      LOG_LEVEL: "warn",
      JWT_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: base,
    },
  });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (attempt > 240) throw new Error("next start did not come up");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const byScenario: Record<string, number[]> = {};
    const all: number[] = [];
    const fetchPage = async (search: string) => {
      const started = performance.now();
      const response = await fetch(`${base}/shop/${SLUG}${search ? `?${search}` : ""}`);
      const body = await response.text();
      if (response.status !== 200 || !body.includes("</html>")) throw new Error(`GET /shop/${SLUG}?${search}: ${response.status}`);
      return performance.now() - started;
    };
    for (const scenario of SCENARIOS) for (let i = 0; i < 3; i++) await fetchPage(scenario.search);
    for (let run = 0; run < HTTP_RUNS; run++) {
      for (const scenario of SCENARIOS) {
        const ms = await fetchPage(scenario.search);
        (byScenario[scenario.name] ??= []).push(ms);
        all.push(ms);
      }
    }
    return { all: stats(all), byScenario: Object.fromEntries(Object.entries(byScenario).map(([name, values]) => [name, stats(values)])) };
  } finally {
    server.kill("SIGTERM");
  }
}

async function main() {
  // React's development build renders several times slower than what `next start` runs.
  if (process.env.NODE_ENV !== "production") console.error("warning: NODE_ENV is not production; React renders its slower development build");
  const database = REUSE_DATABASE
    ? { name: REUSE_DATABASE, url: databaseUrlFor(process.env.DATABASE_URL!, REUSE_DATABASE), drop: async () => {} }
    : await benchDatabase("bench_shop");
  console.error(`database ${database.name}`);
  const client = postgres(database.url, { max: 10, onnotice: () => {} });
  const app: AppDatabase = { db: drizzle({ client, schema, casing: "snake_case" }) as unknown as Database, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  try {
    const loaded = REUSE_DATABASE ? { seconds: null, ...(await counts(app.db)) } : await load(database.url, app.db);
    console.error(`${loaded.products} products and ${loaded.images} images (loaded in ${loaded.seconds ?? "an earlier run"} s)`);
    installAppDatabase(app);

    // Warm up: JIT, the pool's connections, Postgres's buffers.
    for (let i = 0; i < 3; i++) for (const scenario of SCENARIOS) await renderOnce(scenario.search);

    const byScenario: Record<string, { total: number[]; data: number[]; render: number[]; results: number; count: number; htmlBytes: number }> = {};
    const total: number[] = [];
    const data: number[] = [];
    const render: number[] = [];
    const load0 = loadavg()[0]!;
    for (let run = 0; run < RUNS; run++) {
      for (const scenario of SCENARIOS) {
        const once = await renderOnce(scenario.search);
        const entry = (byScenario[scenario.name] ??= { total: [], data: [], render: [], results: once.results, count: once.count, htmlBytes: once.html.length });
        entry.total.push(once.total);
        entry.data.push(once.data);
        entry.render.push(once.render);
        total.push(once.total);
        data.push(once.data);
        render.push(once.render);
      }
    }
    const plans = await explainScenarios(client);
    const http = APP_DIR ? await measureHttp(database.url) : null;
    const summary = {
      when: new Date().toISOString(),
      host: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
      node: process.version,
      postgres: String(rowsOf<{ server_version: string }>(await app.db.execute("show server_version"))[0]?.server_version),
      loadAverageBefore: round(load0, 2),
      loadAverageAfter: round(loadavg()[0]!, 2),
      loaded,
      samples: { rounds: RUNS, scenarios: SCENARIOS.length },
      inProcess: {
        total: stats(total),
        data: stats(data),
        render: stats(render),
        byScenario: Object.fromEntries(
          Object.entries(byScenario).map(([name, entry]) => [
            name,
            { results: entry.results, count: entry.count, htmlKb: round(entry.htmlBytes / 1024), total: stats(entry.total), data: stats(entry.data), render: stats(entry.render) },
          ]),
        ),
      },
      http,
      explain: Object.fromEntries(
        Object.entries(plans).map(([name, statements]) => [name, statements.map(({ statement, ms, plan }) => ({ statement, ms, plan: plan.filter((line) => /Scan|Sort|Aggregate|Limit|Join|Loop|Execution/.test(line)).map((line) => line.trim()) }))]),
      ),
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    installAppDatabase(undefined);
    await client.end({ timeout: 5 });
    if (KEEP_DATABASE || REUSE_DATABASE) console.error(`kept database ${database.name}`);
    else await database.drop();
  }
}

main().then(
  // A kept database leaves the harness's admin connection open; nothing else is left to wait for.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
