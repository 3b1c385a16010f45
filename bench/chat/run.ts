/**
 * Chat benchmarks on Postgres with the fake model:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --tsconfig bench/chat/tsconfig.json bench/chat/run.ts
 * (a) first fake-model chunk → first `delta` at the client, 50 concurrent streams;
 * (b) JSON-mode messages per second with an instant model, and requests per second of a static route of
 *     the same server with the same clients right after it, and their ratio;
 * (c) history page of 50 in a 10k-message session with 1M messages in the database (server time).
 * Creates and drops its own database; prints a JSON summary and Markdown rows for docs/PERFORMANCE.md.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { databaseFromPostgres } from "@/db/client";
import { prepareSchema } from "@/lib/startup";
import { databaseUrlFor } from "@/test/database-url";
import { cpuOfProcesses, cpuSecondsOfName, startProcess, stats } from "../harness";

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error("Set DATABASE_URL to a Postgres server (the benchmark creates its own database).");

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const STREAM_ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 6);
const JSON_CONCURRENCY = Number(process.env.BENCH_JSON_CONCURRENCY ?? 32);
const JSON_SECONDS = Number(process.env.BENCH_JSON_SECONDS ?? 15);
const TOTAL_MESSAGES = Number(process.env.BENCH_TOTAL_MESSAGES ?? 1_000_000);
const SESSION_MESSAGES = Number(process.env.BENCH_SESSION_MESSAGES ?? 10_000);
const HISTORY_SAMPLES = Number(process.env.BENCH_HISTORY_SAMPLES ?? 600);
const ONLY = new Set((process.env.BENCH_ONLY ?? "a,b,c").split(","));

const epochNow = () => performance.timeOrigin + performance.now();

async function main() {
  const dbName = `bench_chat_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = databaseUrlFor(serverUrl!, dbName);
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const children: ChildProcess[] = [];
  try {
    await prepareSchema(databaseFromPostgres(postgres(dbUrl, { max: 1, onnotice: () => {} })));
    const secrets = {
      JWT_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    };
    process.env.JWT_SECRET = secrets.JWT_SECRET;
    process.env.NEXTAUTH_SECRET = secrets.NEXTAUTH_SECRET;
    const { signAccessToken } = await import("@/lib/auth/jwt");

    // ---- seed: one business, 50 approved products, 100 users with plenty of credits ----
    const [business] = await sql`insert into businesses (name, slug, message_cost) values ('Bench Co', ${dbName}, 1) returning id`;
    const businessId = business!.id as string;
    await sql`insert into product_categories (business_id, name) values (${businessId}, 'Office')`;
    await sql`
      insert into products (business_id, name, description, price, category, status)
      select ${businessId}, 'Product ' || i || case when i % 5 = 0 then ' Standing Desk' else ' Lamp' end,
             'A benchmark product number ' || i || ' for the office.', (10 + i)::numeric(12,2), 'Office', 'approved'
      from generate_series(1, 50) i`;
    const users = await sql`
      insert into users (business_id, email, name, password_hash, role, credits)
      select ${businessId}, 'bench' || i || '@bench.test', 'Bench ' || i, 'x', 'viewer', 100000000
      from generate_series(1, 100) i returning id, email, name, role, business_id`;
    const tokens = await Promise.all(
      users.map(async (u) => (await signAccessToken({ id: u.id, email: u.email, name: u.name, role: u.role, businessId: u.business_id })).token),
    );

    // ---- processes: the fake model and the app, each on its own event loop ----
    const fake = await startProcess("fake", ["e2e/fake-openai/server.ts"], { FAKE_OPENAI_PORT: "0" }, /listening on (http:\/\/\S+\/v1)/);
    children.push(fake.child);
    const fakeBase = fake.match[1]!;
    const app = await startProcess(
      "app",
      ["bench/chat/app-server.ts"],
      {
        ...secrets,
        NODE_ENV: "production",
        DATABASE_URL: dbUrl,
        DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "20",
        OPENAI_API_KEY: "sk-bench",
        OPENAI_BASE_URL: fakeBase,
        LOG_LEVEL: "warn",
        BENCH_APP_PORT: "0",
        // Every client here is one address sending far faster than a person: the limits stay counted
        // (the same statements run per message) but are set out of reach.
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? "1000000",
        RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE: process.env.RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE ?? "1000000",
      },
      /LISTENING (\d+)/,
      // Extra node flags for the app (e.g. --cpu-prof) when measuring where its time goes.
      process.env.BENCH_APP_NODE_ARGS ? process.env.BENCH_APP_NODE_ARGS.split(" ") : [],
    );
    children.push(app.child);
    const appUrl = `http://127.0.0.1:${app.match[1]}`;
    const fakeControl = fakeBase.replace(/\/v1$/, "");

    const send = (token: string, message: string, accept = "application/json") =>
      fetch(`${appUrl}/api/chat`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept },
        body: JSON.stringify({ message }),
      });

    // warm-up: JIT, pools, tokenizer tables
    for (let i = 0; i < 30; i++) await (await send(tokens[i % tokens.length]!, `warm up desk ${i}`)).text();
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(tokens[i]!, `warm up stream ${i}`, "text/event-stream").then((r) => r.text())));

    // ---- (a) first chunk → first delta, 50 concurrent streams ----
    await fetch(`${fakeControl}/__fake/reset`, { method: "POST" });
    const firstDeltaAt = new Map<string, number>();
    for (let round = 0; round < (ONLY.has("a") ? STREAM_ROUNDS : 0); round++) {
      await Promise.all(
        Array.from({ length: STREAMS }, async (_, i) => {
          const message = `bench-a-${round}-${i} standing desk`;
          const response = await send(tokens[i % tokens.length]!, message, "text/event-stream");
          const reader = response.body!.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            if (!firstDeltaAt.has(message) && buffer.includes("event: delta")) firstDeltaAt.set(message, epochNow());
          }
        }),
      );
    }
    const recorded = (await (await fetch(`${fakeControl}/__fake/requests`)).json()) as {
      requests: { body: { messages: { role: string; content: string }[] }; firstChunkAt?: number }[];
    };
    const firstChunkAt = new Map<string, number>();
    for (const r of recorded.requests) {
      const last = r.body.messages.at(-1);
      if (last?.role === "user" && r.firstChunkAt) firstChunkAt.set(last.content, r.firstChunkAt);
    }
    const latencies = [...firstDeltaAt.entries()].flatMap(([message, at]) => {
      const chunk = firstChunkAt.get(message);
      return chunk ? [at - chunk] : [];
    });
    const a = stats(latencies);

    // ---- (b) JSON-mode throughput with an instant model ----
    await fetch(`${fakeControl}/__fake/reset`, { method: "POST" });
    let completed = 0;
    let failed = 0;
    const failedStatuses: Record<number, number> = {};
    const jsonLatencies: number[] = [];
    const deadline = performance.now() + (ONLY.has("b") ? JSON_SECONDS * 1000 : 0);
    const cpuBefore = cpuOfProcesses();
    const began = performance.now();
    await Promise.all(
      Array.from({ length: JSON_CONCURRENCY }, async (_, worker) => {
        let n = 0;
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const response = await send(tokens[(worker + n * JSON_CONCURRENCY) % tokens.length]!, `bench-b-${worker}-${n++} desk lamp`);
          await response.arrayBuffer();
          if (response.status === 200) {
            completed++;
            jsonLatencies.push(performance.now() - t0);
          } else {
            failed++;
            failedStatuses[response.status] = (failedStatuses[response.status] ?? 0) + 1;
          }
        }
      }),
    );
    const elapsed = (performance.now() - began) / 1000;
    // CPU per message, of the app and of Postgres: steadier than the rate on a machine whose other
    // tenants come and go.
    const cpuAfter = cpuOfProcesses();
    const appPid = app.child.pid!;
    const appCpuSeconds = (cpuAfter.get(appPid)?.seconds ?? 0) - (cpuBefore.get(appPid)?.seconds ?? 0);
    const postgresCpuSeconds = cpuSecondsOfName(cpuBefore, cpuAfter, "postgres");

    // The same clients for the same time on a static route of the same server (no database, no model):
    // what this machine's HTTP and handler stack serves at all right now, so the ratio survives a busy host.
    let staticCompleted = 0;
    let staticFailed = 0;
    const staticLatencies: number[] = [];
    const staticDeadline = performance.now() + (ONLY.has("b") ? JSON_SECONDS * 1000 : 0);
    const staticBegan = performance.now();
    await Promise.all(
      Array.from({ length: JSON_CONCURRENCY }, async () => {
        while (performance.now() < staticDeadline) {
          const t0 = performance.now();
          const response = await fetch(`${appUrl}/api/products/limits`);
          await response.arrayBuffer();
          if (response.status === 200) {
            staticCompleted++;
            staticLatencies.push(performance.now() - t0);
          } else staticFailed++;
        }
      }),
    );
    const staticElapsed = (performance.now() - staticBegan) / 1000;
    const messagesPerSecond = completed / elapsed;
    const staticPerSecond = staticCompleted / staticElapsed;
    const b = {
      messagesPerSecond: Math.round(messagesPerSecond),
      completed,
      failed,
      failedStatuses,
      seconds: Math.round(elapsed * 10) / 10,
      concurrency: JSON_CONCURRENCY,
      latencyMs: stats(jsonLatencies),
      staticRoute: { path: "/api/products/limits", requestsPerSecond: Math.round(staticPerSecond), completed: staticCompleted, failed: staticFailed, latencyMs: stats(staticLatencies) },
      ratio: Math.round((messagesPerSecond / staticPerSecond) * 1000) / 1000,
      cpuMsPerMessage: completed ? { app: Math.round((appCpuSeconds / completed) * 10000) / 10, postgres: Math.round((postgresCpuSeconds / completed) * 10000) / 10 } : null,
    };
    await fetch(`${fakeControl}/__fake/reset`, { method: "POST" });

    // ---- (c) history page of 50 in a 10k-message session with 1M messages in the database ----
    const owner = users[0]!;
    const ownerToken = tokens[0]!;
    const [target] = await sql`insert into chat_sessions (business_id, user_id, title) values (${businessId}, ${owner.id}, 'Big session') returning id`;
    const otherSessions = 99;
    if (!ONLY.has("c")) {
      console.log(JSON.stringify({ a, b }, null, 2));
      return;
    }
    const sessions = await sql`
      insert into chat_sessions (business_id, user_id, title)
      select ${businessId}, (select id from users where email = 'bench' || (1 + i % 100) || '@bench.test'), 'Filler ' || i
      from generate_series(1, ${otherSessions}::int) i returning id`;
    const existing = Number((await sql`select count(*)::int as n from chat_messages`)[0]!.n);
    const filler = Math.max(0, TOTAL_MESSAGES - SESSION_MESSAGES - existing);
    const seedStarted = performance.now();
    await sql`
      insert into chat_messages (business_id, session_id, user_id, role, content, status, created_at)
      select ${businessId}, ${target!.id}, ${owner.id},
             case when i % 2 = 0 then 'user'::message_role else 'assistant'::message_role end,
             'Message ' || i || ' of the big session, with a sentence or two of text like a real chat turn would have.',
             'complete', now() - interval '1 second' * (${SESSION_MESSAGES}::int - i)
      from generate_series(1, ${SESSION_MESSAGES}::int) i`;
    const sessionIds = sessions.map((s) => s.id as string);
    const batch = 200_000;
    for (let offset = 0; offset < filler; offset += batch) {
      const size = Math.min(batch, filler - offset);
      await sql`
        insert into chat_messages (business_id, session_id, user_id, role, content, status, created_at)
        select ${businessId}, (${sessionIds}::uuid[])[1 + i % ${otherSessions}::int], ${owner.id},
               case when i % 2 = 0 then 'user'::message_role else 'assistant'::message_role end,
               'Filler message ' || i || ' with a sentence or two of text like a real chat turn would have.',
               'complete', now() - interval '1 second' * i
        from generate_series(${offset + 1}::int, ${offset + size}::int) i`;
    }
    // Steady state: autovacuum would have run on a table this size (visibility map for index-only scans).
    await sql`vacuum analyze chat_messages`;
    const totalMessages = Number((await sql`select count(*)::int as n from chat_messages`)[0]!.n);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    const ids = (await sql`select id from chat_messages where session_id = ${target!.id} order by created_at, id`).map((r) => r.id as string);

    const history = async (query: string) => {
      const t0 = performance.now();
      const response = await fetch(`${appUrl}/api/chat/history?sessionId=${target!.id}&pageSize=50${query}`, {
        headers: { authorization: `Bearer ${ownerToken}` },
      });
      const body = (await response.json()) as { results: unknown[] };
      if (response.status !== 200 || body.results.length !== 50) throw new Error(`history ${response.status}`);
      const server = Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1]);
      return { server, client: performance.now() - t0 };
    };
    for (let i = 0; i < 50; i++) await history("");
    const newest = { server: [] as number[], client: [] as number[] };
    const keyset = { server: [] as number[], client: [] as number[] };
    for (let i = 0; i < HISTORY_SAMPLES; i++) {
      const first = await history("");
      newest.server.push(first.server);
      newest.client.push(first.client);
      const anchor = ids[100 + Math.floor(Math.random() * (ids.length - 100))]!;
      const older = await history(`&before=${anchor}`);
      keyset.server.push(older.server);
      keyset.client.push(older.client);
    }
    const c = {
      totalMessages,
      sessionMessages: ids.length,
      seedSeconds,
      newestPage: { serverMs: stats(newest.server), clientMs: stats(newest.client) },
      beforeKeyset: { serverMs: stats(keyset.server), clientMs: stats(keyset.client) },
    };

    const summary = {
      when: new Date().toISOString(),
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version, postgres: (await sql`show server_version`)[0]!.server_version },
      a: { streams: STREAMS, rounds: STREAM_ROUNDS, firstChunkToFirstDeltaMs: a },
      b,
      c,
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await sql.end();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();
