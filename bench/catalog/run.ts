/**
 * Catalog benchmark: the public search GET /api/products?q=… against a static JSON
 * route of the same app (GET /api/products/limits), side by side in one run, 50 connections,
 * 20 s each, with autocannon. The searches are 1,000 distinct queries drawn Zipf-like
 * (bench/catalog/queries.ts). Writes the figures into the catalog section of docs/PERFORMANCE.md.
 *
 *   DATABASE_URL=postgres://…/bench npx tsx --conditions=react-server bench/catalog/generate.ts      # once: 100 k products
 *   npx next build && DATABASE_URL=postgres://…/bench npx tsx bench/catalog/run.ts
 *
 * It starts `next start` on a free port against DATABASE_URL (or measures BENCH_URL if given).
 * BENCH_DURATION / BENCH_CONNECTIONS override the defaults (20 s, 50).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { DISTINCT_QUERIES, queryMix, zipfDraws } from "./queries";

const root = path.resolve(import.meta.dirname, "../..");
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Far more draws than a run sends, so the sequence never repeats within one.
const DRAWS = 200_000;
const TARGET_RATIO = 0.5;
const TARGET_P95_MS = 50;
const SECTION_START = "<!-- catalog-benchmark:start -->";
const SECTION_END = "<!-- catalog-benchmark:end -->";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}

type Figures = {
  label: string;
  path: string;
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  distinct: number;
  p95BySecond: number[];
};

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function measure(label: string, base: string, paths: string[], describe: string): Promise<Figures> {
  let turn = 0;
  const asked = new Set<string>();
  const times: number[] = [];
  const started = Date.now();
  const bySecond: number[][] = [];
  const result = await new Promise<Parameters<Parameters<typeof autocannon>[1]>[1]>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: "GET",
            setupRequest: (request) => {
              const path = paths[turn++ % paths.length]!;
              asked.add(path);
              return { ...request, path };
            },
          },
        ],
      },
      (error, figures) => (error ? reject(error) : resolve(figures)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
      (bySecond[Math.floor((Date.now() - started) / 1000)] ??= []).push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    label,
    path: describe,
    rps: result.requests.average,
    p50: ms(percentile(times, 0.5)),
    p90: ms(percentile(times, 0.9)),
    p95: ms(percentile(times, 0.95)),
    p99: ms(percentile(times, 0.99)),
    max: ms(times.at(-1) ?? 0),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    distinct: asked.size,
    // Where in the run the slow answers fall: a cold cache fills in the first seconds.
    p95BySecond: bySecond.map((second) => Math.round(percentile(second.sort((a, b) => a - b), 0.95))),
  };
}

function report(staticFigures: Figures, catalog: Figures, meta: { db: string; products: number }): string {
  const ratio = catalog.rps / staticFigures.rps;
  const row = (f: Figures) =>
    `| ${f.label} | ${f.path} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p95} | ${f.p99} | ${f.max} | ${f.requests} | ${f.non2xx + f.errors} |`;
  const targetRatio = ratio >= TARGET_RATIO;
  const targetP95 = catalog.p95 <= TARGET_P95_MS;
  return [
    SECTION_START,
    `Run ${new Date().toISOString()} on ${meta.db} with ${meta.products.toLocaleString("en-US")} approved products;`,
    `${CONNECTIONS} connections, ${DURATION} s per route, \`next start\` (production build), one app instance,`,
    `host: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average before the run ${os.loadavg()[0]!.toFixed(2)}.`,
    `The search run asked ${catalog.distinct.toLocaleString("en-US")} of the ${DISTINCT_QUERIES.toLocaleString("en-US")} distinct queries.`,
    "",
    "| route | path | req/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms | requests | errors/non-2xx |",
    "|---|---|---|---|---|---|---|---|---|---|",
    row(staticFigures),
    row(catalog),
    "",
    `p95 ms in each second of the run — static: ${staticFigures.p95BySecond.join(" ")}; search: ${catalog.p95BySecond.join(" ")}.`,
    "",
    `**Ratio (search req/s ÷ static req/s): ${ratio.toFixed(2)}** — target ≥ ${TARGET_RATIO}: ${targetRatio ? "met" : "missed"}; ` +
      `search p95 ${catalog.p95} ms — target ≤ ${TARGET_P95_MS} ms: ${targetP95 ? "met" : "missed"}.`,
    SECTION_END,
  ].join("\n");
}

async function countProducts(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) return Number.NaN;
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ n: number }[]>`select count(*)::int as n from products where status = 'approved'`;
    return row?.n ?? 0;
  } finally {
    await client.end();
  }
}

function writeSection(section: string) {
  const file = path.join(root, "docs/PERFORMANCE.md");
  const current = readFileSync(file, "utf8");
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + SECTION_END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

async function main() {
  let server: ChildProcess | undefined;
  let base = process.env.BENCH_URL;
  if (!base) {
    if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL (the loaded bench database) or BENCH_URL.");
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        SEED_DEMO_DATA: "never",
        LOG_LEVEL: "warn",
        DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "20",
        JWT_SECRET: randomBytes(32).toString("base64url"),
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NEXTAUTH_URL: base,
      },
    });
  }
  try {
    await waitFor(`${base}/api/health`);
    const health = (await (await fetch(`${base}/api/health`)).json()) as { db: string };
    const products = await countProducts();
    const draws = zipfDraws(queryMix(), DRAWS);
    const searchPaths = draws.map((q) => `/api/products?q=${encodeURIComponent(q)}`);
    // Warm both routes (JIT, connection pool, Postgres caches) with searches outside the mix, so the
    // measured run starts with none of its answers cached.
    for (const warm of ["/api/products/limits", ...Array.from({ length: 20 }, (_, index) => `/api/products?q=warmup${index}`)]) {
      await fetch(`${base}${warm}`);
    }
    const staticFigures = await measure("static JSON", base, ["/api/products/limits"], "`/api/products/limits`");
    const catalog = await measure("catalog search", base, searchPaths, `\`/api/products?q=…\` (${DISTINCT_QUERIES.toLocaleString("en-US")} queries, Zipf-like)`);
    const section = report(staticFigures, catalog, { db: health.db, products });
    writeSection(section);
    console.log(section);
  } finally {
    server?.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
