/**
 * Live events under load, on Postgres: BENCH_STREAMS event streams (default 1,000) held on one app
 * process, while members send BENCH_RATE chat messages per second (default 50) for BENCH_SECONDS
 * (default 20). Every stream belongs to an admin of the business, so every event of every message
 * reaches every stream. Measures delivery latency (the event's commit-side time `at` → the moment a
 * stream holds it), the app process's RSS growth, and checks that each stream got every event of the
 * business exactly once, in order.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --import tsx bench/events/run.ts
 *
 * Creates and drops its own database; prints a JSON summary and a Markdown row for docs/PERFORMANCE.md.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import postgres from "postgres";
import { databaseFromPostgres } from "@/db/client";
import { prepareSchema } from "@/lib/startup";
import { benchDatabase, memoryOf, percentile, startProcess } from "../harness";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ADMINS = 20;
const SENDERS = 50;

function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return startProcess("app", ["bench/chat/app-server.ts"], env, /LISTENING (\d+)/).then(({ child, match }) => ({ child, port: Number(match[1]) }));
}

const rssKb = (pid: number) => memoryOf(pid).rss / 1024;

type Stream = { ready: number; ids: number[]; latencies: number[]; close: () => void };

/** One event stream, parsed just enough: every event's id, and the delivery time of each one. */
async function openStream(base: string, token: string): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`/api/events answered ${response.status}`);
  const stream: Stream = { ready: -1, ids: [], latencies: [], close: () => controller.abort() };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const received = Date.now();
        buffer += decoder.decode(chunk, { stream: true });
        // Just enough parsing to stay light beside the server on the same machine: ids and `at`.
        let start = 0;
        let end: number;
        while ((end = buffer.indexOf("\n\n", start)) >= 0) {
          const idAt = buffer.indexOf("id: ", start);
          if (idAt >= 0 && idAt < end) {
            const id = Number(buffer.slice(idAt + 4, buffer.indexOf("\n", idAt)));
            const eventAt = buffer.indexOf("event: ", idAt);
            if (buffer.startsWith("event: ready", eventAt)) {
              stream.ready = id;
            } else {
              const at = buffer.indexOf('"at":"', eventAt);
              if (at >= 0 && at < end) {
                stream.ids.push(id);
                stream.latencies.push(received - Date.parse(buffer.slice(at + 6, at + 30)));
              }
            }
          }
          start = end + 2;
        }
        buffer = buffer.slice(start);
      }
    } catch {
      // closed at the end
    }
  })();
  return stream;
}

async function main() {
  const database = await benchDatabase("bench_events");
  const dbName = database.name;
  const dbUrl = database.url;
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  let app: ChildProcess | null = null;
  try {
    await prepareSchema(databaseFromPostgres(postgres(dbUrl, { max: 1, onnotice: () => {} })));
    const secrets = { JWT_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
    Object.assign(process.env, secrets);
    const { signAccessToken } = await import("@/lib/auth/jwt");

    const [business] = await sql`insert into businesses (name, slug, message_cost) values ('Bench Co', ${dbName}, 1) returning id`;
    const businessId = business!.id as string;
    const people = await sql`
      insert into users (business_id, email, name, password_hash, role, credits)
      select ${businessId}, 'events' || i || '@bench.test', 'Events ' || i, 'x', (case when i <= ${ADMINS} then 'admin' else 'viewer' end)::user_role, 100000000
      from generate_series(1, ${ADMINS + SENDERS}) i returning id, email, name, role, business_id`;
    const tokenOf = async (u: (typeof people)[number]) =>
      (await signAccessToken({ id: u.id, email: u.email, name: u.name, role: u.role, businessId: u.business_id })).token;
    const admins = await Promise.all(people.filter((u) => u.role === "admin").map(tokenOf));
    const senderRows = people.filter((u) => u.role !== "admin");
    const senders = await Promise.all(senderRows.map(tokenOf));
    const sessions = await sql`
      insert into chat_sessions (business_id, user_id, channel, title)
      select ${businessId}, id, 'member', 'Bench' from users where business_id = ${businessId} and role = 'viewer' order by email returning id, user_id`;
    const sessionOf = new Map(sessions.map((s) => [s.user_id as string, s.id as string]));

    const started = await startApp({
      ...secrets,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "20",
      LOG_LEVEL: "warn",
      BENCH_APP_PORT: "0",
    });
    app = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    const idle = rssKb(app.pid!);

    const streams: Stream[] = [];
    for (let i = 0; i < STREAMS; i++) streams.push(await openStream(base, admins[i % admins.length]!));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const withStreams = rssKb(app.pid!);
    let peak = withStreams;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(app!.pid!))), 100);

    // Members send RATE messages a second, spread evenly, each into their own conversation.
    const sends: Promise<number>[] = [];
    const total = RATE * SECONDS;
    const begin = Date.now();
    for (let n = 0; n < total; n++) {
      const due = begin + (n * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const who = n % senders.length;
      sends.push(
        fetch(`${base}/api/chat`, {
          method: "POST",
          headers: { authorization: `Bearer ${senders[who]}`, "content-type": "application/json" },
          body: JSON.stringify({ message: `bench message ${n}`, sessionId: sessionOf.get(senderRows[who]!.id as string) }),
        }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      );
    }
    const statuses = await Promise.all(sends);
    const sendSeconds = (Date.now() - begin) / 1000;
    // Let the last events arrive.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(sampler);

    const expected = (await sql`select id from events where business_id = ${businessId} order by id`).map((row) => Number(row.id));
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    for (const stream of streams) {
      const seen = new Set(stream.ids);
      duplicated += stream.ids.length - seen.size;
      // A stream owes every event of the business after the position it opened at.
      lost += expected.filter((id) => id > stream.ready && !seen.has(id)).length;
      outOfOrder += stream.ids.filter((id, i) => i > 0 && id <= stream.ids[i - 1]!).length;
      stream.close();
    }
    const latencies = streams.flatMap((s) => s.latencies);
    const summary = {
      streams: STREAMS,
      messagesPerSecond: Math.round((total / sendSeconds) * 10) / 10,
      sendStatuses: statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}),
      events: expected.length,
      deliveries: latencies.length,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.reduce((a, b) => Math.max(a, b), 0) },
      rssMb: { idle: Math.round(idle / 1024), withStreams: Math.round(withStreams / 1024), peak: Math.round(peak / 1024), growth: Math.round((peak - idle) / 1024) },
      lost,
      duplicated,
      outOfOrder,
      loadavg: loadavg().map((n) => Math.round(n * 100) / 100),
    };
    console.log(JSON.stringify(summary, null, 2));
    console.log(
      `| ${STREAMS} streams, ${summary.messagesPerSecond} messages/s (${summary.events} events, ${summary.deliveries.toLocaleString("en-US")} deliveries) | ` +
        `p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms, p99 ${summary.latencyMs.p99} ms | RSS +${summary.rssMb.growth} MB (peak ${summary.rssMb.peak} MB) | ` +
        `lost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder} |`,
    );
  } finally {
    app?.kill("SIGTERM");
    await sql.end();
    await database.drop();
  }
}

await main();
