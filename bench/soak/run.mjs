#!/usr/bin/env node
// Soak: mixed load for 5 minutes against one `next start` on a fresh Postgres database, reporting
// every 30 s the requests, errors, 429s, latency and the server's resident memory (VmRSS of the
// `next start` process and its children, from /proc). Run by hand after `npx next build`:
//   node bench/soak/run.mjs                      (SOAK_SECONDS=300 SOAK_SAMPLE_SECONDS=30 PG_SERVER=postgres://…)
// The mix: catalog search (signed out), sign-in, chat sends, purchases, history (chat history and
// purchase list). Rate-limited kinds are paced below the documented per-address defaults
// (docs/security.md), so a 429 is reported, not expected. Traffic goes to 127.0.0.1 only; every
// loop stops at the deadline, and the server and database are removed at the end.
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import {
  api,
  expectStatus,
  exited,
  freePort,
  freshDatabase,
  serverEnv,
  startServer,
  stopOnExit,
  waitForHealth,
} from "../../e2e/two-instances/servers.mjs";

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const WARM_UP_SECONDS = 120;
const USERS = 10;
const PRODUCTS = 60;
const MESSAGES_PER_SESSION = 25;
// Requests per second of the paced (rate-limited) kinds, and the closed-loop workers of the others.
const PACED = { signin: 2, chat: 2, purchase: 1 };
const WORKERS = { catalog: 3, history: 1 };
const MAX_IN_FLIGHT_PER_KIND = 4;
const SEARCH_TERMS = ["desk", "lamp", "walnut", "chair", "keyb", "oak desk", "steel", "headphones", "lant", "mug", "blue", "zzzz"];
const NOUNS = ["desk", "lamp", "chair", "keyboard", "headphones", "mug", "lantern", "shelf", "rug", "clock"];
const ADJECTIVES = ["walnut", "oak", "steel", "blue", "compact", "standing", "wireless", "ceramic", "linen", "brass"];
const EXPECTED = { catalog: 200, history: 200, signin: 200, chat: 200, purchase: 201, session: 201 };
const KINDS = Object.keys(EXPECTED);

/** Resident memory of a process and all its descendants, in MB. */
function treeRssMb(rootPid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces or parentheses: the fields after the last ")" are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid) => {
    for (let current = pid; current > 1; current = parents.get(current) ?? 0) if (current === rootPid) return true;
    return false;
  };
  let kb = 0;
  const pids = [];
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
      if (match) {
        kb += Number(match[1]);
        pids.push(pid);
      }
    } catch {
      // exited meanwhile
    }
  }
  return { mb: kb / 1024, pids };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function setUp(server) {
  const password = "soak password 1";
  const stamp = randomUUID().slice(0, 8);
  const email = (name) => `${name}-${stamp}@example.test`;
  const founder = await expectStatus(
    api(server, "POST", "/api/auth/register", { body: { email: email("admin"), password, name: "Soak Admin", businessName: `Soak ${stamp}` } }),
    201,
    "register",
  );
  const admin = founder.access;
  await expectStatus(api(server, "PATCH", "/api/business", { token: admin, body: { settings: { messageCost: 1, initialCredits: 100_000 } } }), 200, "settings");
  const member = async (name, role) => {
    await expectStatus(api(server, "POST", "/api/users", { token: admin, body: { email: email(name), name, role, password } }), 201, `create ${name}`);
    const login = await expectStatus(api(server, "POST", "/api/auth/login", { body: { email: email(name), password } }), 200, `login ${name}`);
    return { id: login.user.id, email: email(name), token: login.access };
  };
  const approver = await member("approver", "approver");
  const products = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${i}`;
    const created = await expectStatus(
      api(server, "POST", "/api/products", {
        token: admin,
        body: { name, description: `A ${name} for the soak.`, price: `${10 + i}.00`, category: NOUNS[i % NOUNS.length], status: "pending_approval" },
      }),
      201,
      "create product",
    );
    products.push(await expectStatus(api(server, "POST", `/api/products/${created.id}/approve`, { token: approver.token }), 200, "approve"));
  }
  const users = [];
  for (let i = 0; i < USERS; i += 1) {
    const user = await member(`shopper${i}`, "viewer");
    const session = await expectStatus(api(server, "POST", "/api/chat/sessions", { token: user.token, body: { title: "Soak" } }), 201, "session");
    users.push({ ...user, password, sessionId: session.id, messagesInSession: 0 });
  }
  return { products, users };
}

async function main() {
  const servers = [];
  const stopAll = stopOnExit(servers);
  let database;
  const samples = [];
  const errorExamples = [];
  let failed = false;
  try {
    database = await freshDatabase("app_soak");
    const server = startServer({ port: await freePort(), env: serverEnv(database.url), label: "next start" });
    servers.push(server);
    await waitForHealth(server);
    const { products, users } = await setUp(server);
    const loadBefore = os.loadavg()[0];

    let interval = { counts: {}, errors: 0, limited: 0, latencies: [] };
    const totals = { requests: 0, errors: 0, limited: 0 };
    const inFlight = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
    let userTurn = 0;
    const nextUser = () => users[userTurn++ % users.length];

    async function request(kind, send) {
      inFlight[kind] += 1;
      const started = performance.now();
      let status;
      try {
        status = (await send()).status;
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.code ?? error.cause.message})` : "";
        status = `network: ${error instanceof Error ? error.message : String(error)}${cause}`;
      } finally {
        inFlight[kind] -= 1;
      }
      interval.latencies.push(performance.now() - started);
      interval.counts[kind] = (interval.counts[kind] ?? 0) + 1;
      totals.requests += 1;
      if (status === 429) {
        interval.limited += 1;
        totals.limited += 1;
      } else if (status !== EXPECTED[kind]) {
        interval.errors += 1;
        totals.errors += 1;
        if (errorExamples.length < 10) errorExamples.push(`${kind}: ${status}`);
      }
    }

    const operations = {
      catalog: () => {
        const term = SEARCH_TERMS[Math.floor(Math.random() * SEARCH_TERMS.length)];
        return request("catalog", () => api(server, "GET", `/api/products?q=${encodeURIComponent(term)}&page=${1 + Math.floor(Math.random() * 2)}`));
      },
      history: () => {
        const user = nextUser();
        return Math.random() < 0.5
          ? request("history", () => api(server, "GET", `/api/chat/history?sessionId=${user.sessionId}`, { token: user.token }))
          : request("history", () => api(server, "GET", "/api/purchases", { token: user.token }));
      },
      signin: () => {
        const user = nextUser();
        return request("signin", async () => {
          const answer = await api(server, "POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
          if (answer.status === 200) user.token = answer.body.access;
          return answer;
        });
      },
      chat: async () => {
        const user = nextUser();
        if (user.messagesInSession >= MESSAGES_PER_SESSION) {
          user.messagesInSession = 0;
          await request("session", async () => {
            const answer = await api(server, "POST", "/api/chat/sessions", { token: user.token, body: { title: "Soak" } });
            if (answer.status === 201) user.sessionId = answer.body.id;
            return answer;
          });
        }
        user.messagesInSession += 1;
        const product = products[Math.floor(Math.random() * products.length)];
        return request("chat", () => api(server, "POST", "/api/chat", { token: user.token, body: { message: `do you have a ${product.name}?`, sessionId: user.sessionId } }));
      },
      purchase: () => {
        const user = nextUser();
        const product = products[Math.floor(Math.random() * products.length)];
        return request("purchase", () =>
          api(server, "POST", "/api/purchases", {
            token: user.token,
            headers: { "idempotency-key": randomUUID() },
            body: { productId: product.id, expectedUnitPrice: product.price, quantity: 1 },
          }),
        );
      },
    };

    const started = Date.now();
    const deadline = started + SOAK_SECONDS * 1000;
    const running = [];
    for (const [kind, workers] of Object.entries(WORKERS)) {
      for (let i = 0; i < workers; i += 1) {
        running.push(
          (async () => {
            while (Date.now() < deadline) await operations[kind]();
          })(),
        );
      }
    }
    const timers = Object.entries(PACED).map(([kind, perSecond]) =>
      setInterval(() => {
        if (Date.now() < deadline && inFlight[kind] < MAX_IN_FLIGHT_PER_KIND) running.push(operations[kind]());
      }, 1000 / perSecond),
    );

    const rssAtStart = treeRssMb(server.child.pid);
    samples.push({ t: 0, requests: 0, errors: 0, limited: 0, p50: 0, p95: 0, rss: rssAtStart.mb, counts: {} });
    console.log(`soak: ${SOAK_SECONDS} s against ${server.base} (pids ${rssAtStart.pids.join(", ")}), sampling every ${SAMPLE_SECONDS} s`);
    for (let t = SAMPLE_SECONDS; t <= SOAK_SECONDS; t += SAMPLE_SECONDS) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + t * 1000 - Date.now())));
      const done = interval;
      interval = { counts: {}, errors: 0, limited: 0, latencies: [] };
      const sorted = done.latencies.sort((a, b) => a - b);
      const sample = {
        t,
        requests: sorted.length,
        errors: done.errors,
        limited: done.limited,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        rss: treeRssMb(server.child.pid).mb,
        counts: done.counts,
      };
      samples.push(sample);
      console.log(
        `t=${String(t).padStart(4)} s  ${String(sample.requests).padStart(5)} req  errors ${sample.errors}  429 ${sample.limited}  p50 ${sample.p50.toFixed(0)} ms  p95 ${sample.p95.toFixed(0)} ms  RSS ${sample.rss.toFixed(1)} MB  ${JSON.stringify(sample.counts)}`,
      );
    }
    timers.forEach(clearInterval);
    await Promise.all(running);

    // Warm-up: in every run so far the heap grew to its working size in the first two minutes
    // (JIT, connection pool, caches) and then held; flat = the end within 10 % of the RSS at 2 minutes.
    const warm = samples.find((sample) => sample.t >= Math.min(WARM_UP_SECONDS, SOAK_SECONDS)) ?? samples.at(-1);
    const last = samples.at(-1);
    const growth = (last.rss - warm.rss) / warm.rss;
    const flat = growth <= 0.1;
    // Still climbing, or settled? The growth over the last 40 % of the run tells the two apart.
    const late = samples.find((sample) => sample.t >= SOAK_SECONDS * 0.6) ?? last;
    const lateGrowth = (last.rss - late.rss) / late.rss;
    failed = totals.errors > 0 || !flat;
    console.log("\n| t (s) | requests | catalog | sign-in | chat | purchase | history | errors | 429 | p50 ms | p95 ms | RSS MB |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of samples) {
      const c = (kind) => s.counts[kind] ?? 0;
      console.log(
        `| ${s.t} | ${s.requests} | ${c("catalog")} | ${c("signin")} | ${c("chat")} | ${c("purchase")} | ${c("history")} | ${s.errors} | ${s.limited} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.rss.toFixed(1)} |`,
      );
    }
    console.log(
      `\n${new Date().toISOString()}: ${totals.requests} requests in ${SOAK_SECONDS} s, ${totals.errors} errors, ${totals.limited} × 429; ` +
        `RSS ${warm.rss.toFixed(1)} MB at ${warm.t} s → ${last.rss.toFixed(1)} MB at ${last.t} s (${(growth * 100).toFixed(1)} %, max ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MB): ` +
        `${flat ? "flat" : "GREW"}; over the last ${last.t - late.t} s ${(lateGrowth * 100).toFixed(1)} %; host ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average before ${loadBefore.toFixed(2)}, Node ${process.version}`,
    );
    if (errorExamples.length) console.log(`first errors: ${errorExamples.join("; ")}`);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const server of servers) console.error(`--- ${server.label} log (tail) ---\n${server.log.slice(-40).join("")}`);
  } finally {
    stopAll();
    await Promise.all(servers.map(exited));
    await database?.drop();
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
