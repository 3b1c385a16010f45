/**
 * Catalog benchmark: the public search GET /api/products?q=… against a static JSON
 * route of the same app (GET /api/products/limits), side by side in one run, 50 connections,
 * 20 s each, with autocannon. Writes the figures into the catalog section of docs/PERFORMANCE.md.
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

const root = path.resolve(import.meta.dirname, "../..");
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Realistic shopper searches: single words, prefixes while typing, two-word phrases, a miss.
const QUERIES = ["desk", "oak desk", "keyb", "wireless mouse", "lamp", "ergonomic chair", "walnut", "lant", "steel kettle", "headphones", "portable speaker", "zzzz"];
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

type Figures = { label: string; path: string; rps: number; p50: number; p90: number; p99: number; max: number; requests: number; non2xx: number; errors: number };

async function measure(label: string, base: string, paths: string[]): Promise<Figures> {
  let turn = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length]! }),
      },
    ],
  });
  return {
    label,
    path: paths.length === 1 ? paths[0]! : `${paths[0]} … (${paths.length} queries in rotation)`,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function report(staticFigures: Figures, catalog: Figures, meta: { db: string; products: number }): string {
  const ratio = catalog.rps / staticFigures.rps;
  const row = (f: Figures) =>
    `| ${f.label} | \`${f.path}\` | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p99} | ${f.max} | ${f.requests} | ${f.non2xx + f.errors} |`;
  const targetRatio = ratio >= 0.8;
  const targetP99 = catalog.p99 <= 25;
  return [
    SECTION_START,
    `Run ${new Date().toISOString()} on ${meta.db} with ${meta.products.toLocaleString("en-US")} approved products;`,
    `${CONNECTIONS} connections, ${DURATION} s per route, \`next start\` (production build), one app instance,`,
    `host: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average before the run ${os.loadavg()[0]!.toFixed(2)}.`,
    "",
    "| route | path | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors/non-2xx |",
    "|---|---|---|---|---|---|---|---|---|",
    row(staticFigures),
    row(catalog),
    "",
    `**Ratio (search req/s ÷ static req/s): ${ratio.toFixed(2)}** — target ≥ 0.8: ${targetRatio ? "met" : "missed"}; ` +
      `search p99 ${catalog.p99} ms — target ≤ 25 ms: ${targetP99 ? "met" : "missed"}.`,
    SECTION_END,
  ].join("\n");
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
    const probe = (await (await fetch(`${base}/api/products?business=bench-catalog&pageSize=1`)).json()) as { count: number };
    const searchPaths = QUERIES.map((q) => `/api/products?q=${encodeURIComponent(q)}`);
    // Warm both routes (JIT, connection pool, Postgres caches) before measuring.
    for (const warm of ["/api/products/limits", ...searchPaths]) await fetch(`${base}${warm}`);
    const staticFigures = await measure("static JSON", base, ["/api/products/limits"]);
    const catalog = await measure("catalog search", base, searchPaths);
    const section = report(staticFigures, catalog, { db: health.db, products: probe.count });
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
