/**
 * One instance's start and memory: how long `next start` takes from spawn to its first 200 from
 * /api/health — on a fresh database (migrate + demo data) and then, the figure an operator restarting
 * or adding an instance sees, on the same database already migrated — and the memory of its process
 * tree (VmRSS) idle and while 50 streamed chat answers run at once, for the embedded database and,
 * with DATABASE_URL naming a server, for Postgres.
 *
 *   flock /tmp/bench.lock env TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --import tsx bench/instance/run.ts
 *   (DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres as well: both engines; a database
 *   bench_instance_* is created there and dropped afterwards)
 *
 * On Postgres it also measures what a second instance adds: chat messages per second (JSON mode, the
 * local assistant) from 32 clients for BENCH_THROUGHPUT_SECONDS against one instance, then against two
 * `next start` processes of the same build on the same database, the clients alternating between them.
 *
 * Needs a finished `next build`. Knobs: BENCH_RESTARTS (3), BENCH_STREAMS (50), BENCH_STREAM_SECONDS (20),
 * BENCH_THROUGHPUT_SECONDS (15), BENCH_CLIENTS (32), BENCH_ONLY (pglite,postgres: the engines to measure),
 * BENCH_APP_NODE_ARGS (node flags for the server only, after `npm start`'s, e.g. --max-old-space-size=128).
 * The answers come from the built-in local assistant (no model provider), rate limits are lifted.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { benchDatabase, percentile } from "../harness";
import { startAppServer, type AppServer, type ServerDatabase } from "../pages/server";

const root = path.resolve(import.meta.dirname, "../..");
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 20);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ONLY = process.env.BENCH_ONLY?.split(",");
const DEMO_PASSWORD = "demo-password-1";

// Every sender is this one address and one account: the per-address and per-account limits would
// refuse most of the load instead of measuring it.
const LIFTED_LIMITS = {
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: "1000000",
  RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE: "1000000",
};

const MiB = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function postJson<T>(server: AppServer, pathname: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${pathname} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const BALANCE_CAP = 1_000_000;

/** Fills the member's balance up to the cap, so the load never runs out of credits. */
async function topUp(server: AppServer, admin: { access: string }, member: { access: string; user: { id: string } }) {
  const response = await fetch(`${server.baseUrl}/api/chat/balance`, { headers: { authorization: `Bearer ${member.access}` } });
  const { credits } = (await response.json()) as { credits: number };
  if (credits < BALANCE_CAP) await postJson(server, "/api/business/credits", { userId: member.user.id, amount: BALANCE_CAP - credits, reason: "instance benchmark" }, admin.access);
}

async function timedGet(server: AppServer, pathname: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${pathname}`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${pathname} answered ${response.status}`);
  return Math.round(performance.now() - started);
}

/** One streamed answer, read to its end; whether it ended with `done`. */
async function streamOne(server: AppServer, token: string, message: string): Promise<boolean> {
  const response = await fetch(`${server.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
    body: JSON.stringify({ message }),
  });
  const text = await response.text();
  return response.ok && text.includes("event: done");
}

/** STREAMS clients each sending one streamed message after another for STREAM_SECONDS; RSS sampled meanwhile. */
async function streamLoad(server: AppServer) {
  const admin = await postJson<{ access: string; user: { id: string } }>(server, "/api/auth/login", { email: "admin@demo.test", password: DEMO_PASSWORD });
  const viewer = await postJson<{ access: string; user: { id: string } }>(server, "/api/auth/login", { email: "viewer@demo.test", password: DEMO_PASSWORD });
  await topUp(server, admin, viewer);
  const idle = server.treeRss().bytes;
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, server.treeRss().bytes)), 250);
  const deadline = Date.now() + STREAM_SECONDS * 1000;
  let answered = 0;
  let failed = 0;
  const questions = ["Do you have a standing desk?", "Which lamp would suit a reading corner?", "Show me something for a small office."];
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, client) => {
      for (let turn = 0; Date.now() < deadline; turn += 1) {
        const ok = await streamOne(server, viewer.access, questions[(client + turn) % questions.length]!).catch(() => false);
        if (ok) answered += 1;
        else failed += 1;
      }
    }),
  );
  clearInterval(sampler);
  const after = server.treeRss().bytes;
  return { idleMiB: MiB(idle), peakMiB: MiB(peak), afterMiB: MiB(after), answered, failed, answersPerSecond: Math.round(answered / STREAM_SECONDS) };
}

/** Chat messages per second (JSON mode) from CLIENTS clients spread over `servers`, for THROUGHPUT_SECONDS. */
async function chatThroughput(servers: AppServer[]) {
  const [first] = servers;
  const admin = await postJson<{ access: string }>(first!, "/api/auth/login", { email: "admin@demo.test", password: DEMO_PASSWORD });
  const viewer = await postJson<{ access: string; user: { id: string } }>(first!, "/api/auth/login", { email: "viewer@demo.test", password: DEMO_PASSWORD });
  await topUp(first!, admin, viewer);
  const deadline = Date.now() + THROUGHPUT_SECONDS * 1000;
  let answered = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const server = servers[client % servers.length]!;
      while (Date.now() < deadline) {
        const response = await fetch(`${server.baseUrl}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${viewer.access}` },
          body: JSON.stringify({ message: "Do you have a standing desk?" }),
        }).catch(() => null);
        if (response) await response.arrayBuffer();
        if (response?.ok) answered += 1;
        else failed += 1;
      }
    }),
  );
  return { instances: servers.length, messagesPerSecond: Math.round(answered / THROUGHPUT_SECONDS), answered, failed };
}

async function measureEngine(label: string, database: ServerDatabase) {
  // Instances of one deployment share their secrets: a token one signs, the other accepts.
  const env = { ...LIFTED_LIMITS, JWT_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
  // The first start migrates the empty database and loads the demo data.
  const first = await startAppServer(root, { database, env });
  const firstStartMs = Math.round(first.startupMs);
  const firstIdleMiB = MiB(first.treeRss().bytes);
  await first.stop();
  const restartsMs: number[] = [];
  let last: AppServer | null = null;
  for (let index = 0; index < RESTARTS; index += 1) {
    const server = await startAppServer(root, { database, env });
    restartsMs.push(Math.round(server.startupMs));
    if (index < RESTARTS - 1) await server.stop();
    else last = server;
  }
  console.error(`${label}: first start ${firstStartMs} ms (RSS ${firstIdleMiB} MiB); restarts ${restartsMs.join(" / ")} ms`);
  try {
    // What a route's first request after a restart costs over the next (its code loads on first use).
    const homePageMs = [await timedGet(last!, "/"), await timedGet(last!, "/")];
    const load = await streamLoad(last!);
    let throughput: Awaited<ReturnType<typeof chatThroughput>>[] = [];
    if ("postgresUrl" in database) {
      const second = await startAppServer(root, { database, env });
      try {
        throughput = [await chatThroughput([last!]), await chatThroughput([last!, second])];
      } finally {
        await second.stop();
      }
      console.error(`${label}: chat JSON messages/s, ${CLIENTS} clients: ${throughput.map((run) => `${run.instances} instance(s) ${run.messagesPerSecond}/s (${run.failed} failed)`).join("; ")}`);
    }
    const result = { engine: label, firstStartMs, firstIdleMiB, restartsMs, restartMedianMs: percentile(restartsMs, 50), homePageMs, ...load, throughput };
    console.error(
      `${label}: first start ${firstStartMs} ms; restarts ${restartsMs.join(" / ")} ms (median ${result.restartMedianMs}); ` +
        `RSS idle ${load.idleMiB} MiB, peak under ${STREAMS} streams ${load.peakMiB} MiB, after ${load.afterMiB} MiB; ` +
        `${load.answered} answers (${load.answersPerSecond}/s), ${load.failed} failed; GET / after the restart ${homePageMs.join(" then ")} ms`,
    );
    return result;
  } finally {
    await last?.stop();
  }
}

async function main() {
  const host = { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageBefore: loadavg()[0], node: process.version };
  const results = [];
  if (!ONLY || ONLY.includes("pglite")) {
    const pgliteDir = mkdtempSync(path.join(tmpdir(), "bench-instance-"));
    try {
      results.push(await measureEngine("pglite", { pgliteDir }));
    } finally {
      rmSync(pgliteDir, { recursive: true, force: true });
    }
  }
  if (process.env.DATABASE_URL && (!ONLY || ONLY.includes("postgres"))) {
    const database = await benchDatabase("bench_instance");
    try {
      results.push(await measureEngine("postgres", { postgresUrl: database.url }));
    } finally {
      await database.drop();
    }
  }
  console.log(JSON.stringify({ at: new Date().toISOString(), host: { ...host, loadAverageAfter: loadavg()[0] }, streams: STREAMS, seconds: STREAM_SECONDS, results }, null, 2));
}

await main();
