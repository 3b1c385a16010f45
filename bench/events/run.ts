/**
 * Live events under load, on Postgres: BENCH_STREAMS event streams (default 1,000) held on one app
 * process, while BENCH_RATE messages per second (default 50) are written for BENCH_SECONDS (default 20).
 * BENCH_PRODUCER says which messages: `reply` (default) — admins answering as a person in members'
 * live conversations (POST /api/inbox/:sessionId/reply: no model, no retrieval); `chat` — members asking
 * the built-in assistant (POST /api/chat, a whole assistant turn each, ≈ 50 ms of CPU on this machine,
 * more than two cores can do 50 times a second). Every stream belongs to an admin of the business, so every event of every message
 * reaches every stream. Measures delivery latency (the event's commit-side time `at` → the moment this
 * process holds the bytes that complete it), the app process's RSS growth, and checks that each
 * stream got every event of the business exactly once, in order, and that every send was answered 200.
 * Also reports where the CPU went while the messages were sent (app, Postgres, this benchmark and its
 * reader, anything else on the machine): the streams are read on the same cores as the server.
 * BENCH_READER says by what: `c` (default) — bench/events/reader.c, compiled here with `cc`, one epoll
 * thread doing next to nothing per event; `node` — node:http in this process, parsing the raw bytes,
 * which costs the machine about a third of its CPU at the default load. BENCH_SERVER says what holds the
 * streams: `handlers` (default) — the route handlers behind node:http (bench/chat/app-server.ts, no
 * build needed); `next` — `next start` of this checkout's production build, as `npm start` runs it.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --import tsx bench/events/run.ts
 *
 * BENCH_APP_NODE_ARGS passes flags to the app (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). The app's
 * rate limits are lifted (every sender is this one address); set RATE_LIMIT_PER_ADDRESS_PER_MINUTE to
 * run with a limit. Creates and drops its own database; prints a JSON summary and a Markdown row.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get as httpGet } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";
import { databaseFromPostgres } from "@/db/client";
import { prepareSchema } from "@/lib/startup";
import { benchDatabase, cpuOfProcesses, memoryOf, percentile, startProcess, type ProcessCpu } from "../harness";
import { startScriptNodeFlags, startScriptVariables } from "../../scripts/start-node-flags.mjs";
import { startAppServer } from "../pages/server";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 2);
const PRODUCER = process.env.BENCH_PRODUCER === "chat" ? "chat" : "reply";
const READER = process.env.BENCH_READER === "node" ? "node" : "c";
const SERVER = process.env.BENCH_SERVER === "next" ? "next" : "handlers";
const ADMINS = 20;
const SENDERS = 50;

/** The server the streams are held on: its process, port, memory, and how to stop it. */
type RunningApp = { pid: number; port: number; rssKb: () => number; stop: () => Promise<void> };

async function startApp(env: Record<string, string>): Promise<RunningApp> {
  if (SERVER === "next") {
    // A production build of this checkout (`next build` first), with its own router and response piping.
    const server = await startAppServer(process.cwd(), { database: { postgresUrl: env.DATABASE_URL! }, env: { ...env, SEED_DEMO_DATA: "never" } });
    return { pid: server.pid, port: Number(new URL(server.baseUrl).port), rssKb: () => server.treeRss().bytes / 1024, stop: server.stop };
  }
  // The flags `npm start` uses, then any extra ones (e.g. --cpu-prof) when measuring where the time goes.
  const nodeArgs = [...startScriptNodeFlags(), ...(process.env.BENCH_APP_NODE_ARGS ? process.env.BENCH_APP_NODE_ARGS.split(" ") : [])];
  // And the variables it sets (the allocator's arenas) unless this environment has them.
  const { child, match } = await startProcess("app", ["bench/chat/app-server.ts"], { ...startScriptVariables(), ...env }, /LISTENING (\d+)/, nodeArgs);
  return {
    pid: child.pid!,
    port: Number(match[1]),
    rssKb: () => memoryOf(child.pid!).rss / 1024,
    stop: async () => void child.kill("SIGTERM"),
  };
}

/** What one stream received: where it started, each event's id and latency, how many reads it took. */
type StreamResult = { ready: number; ids: number[]; latencies: number[]; reads: number };
type Stream = StreamResult & { close: () => void };

/** The open streams, read until `finish`, which closes them and answers what each received. */
type Readers = { pid: number; finish: () => Promise<StreamResult[]> };

const DOUBLE_NEWLINE = Buffer.from("\n\n");
const ID_FIELD = Buffer.from("id: ");
const READY_FIELD = Buffer.from("event: ready");
const AT_FIELD = Buffer.from('"at":"');

/** The decimal number in `buffer` from `start` up to the first byte that is not a digit. */
function digitsAt(buffer: Buffer, start: number): number {
  let value = 0;
  for (let i = start; ; i++) {
    const digit = buffer[i]! - 48;
    if (digit < 0 || digit > 9) return value;
    value = value * 10 + digit;
  }
}

const dayStart = { key: -1, ms: 0 };

function twoDigits(buffer: Buffer, at: number): number {
  return (buffer[at]! - 48) * 10 + buffer[at + 1]! - 48;
}

/**
 * `2026-12-03T04:10:00.123Z` (what `at` is on the wire) in epoch milliseconds, read from the bytes:
 * the same as Date.parse, without making a string per event.
 */
function timeAt(buffer: Buffer, start: number): number {
  const key = twoDigits(buffer, start + 2) * 10_000 + twoDigits(buffer, start + 5) * 100 + twoDigits(buffer, start + 8);
  if (key !== dayStart.key) {
    dayStart.key = key;
    dayStart.ms = Date.parse(`${buffer.toString("latin1", start, start + 10)}T00:00:00.000Z`);
  }
  return (
    dayStart.ms +
    twoDigits(buffer, start + 11) * 3_600_000 +
    twoDigits(buffer, start + 14) * 60_000 +
    twoDigits(buffer, start + 17) * 1_000 +
    (buffer[start + 20]! - 48) * 100 +
    twoDigits(buffer, start + 21)
  );
}

/**
 * One event stream read from raw bytes (node:http, no web stream, no text decoding of the whole body):
 * every event's id, and its latency — the moment this process holds the bytes that complete it, minus
 * its `at`. The reader shares the machine with the server, so it does as little as it can per event.
 */
function openStream(base: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`/api/events answered ${response.statusCode}`));
        return;
      }
      const stream: Stream = { ready: -1, ids: [], latencies: [], reads: 0, close: () => request.destroy() };
      let rest: Buffer | null = null;
      response.on("data", (chunk: Buffer) => {
        const received = Date.now();
        stream.reads += 1;
        const buffer: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        let end: number;
        while ((end = buffer.indexOf(DOUBLE_NEWLINE, start)) >= 0) {
          const idAt = buffer.indexOf(ID_FIELD, start);
          if (idAt >= 0 && idAt < end) {
            const newline = buffer.indexOf(10, idAt);
            const id = digitsAt(buffer, idAt + ID_FIELD.length);
            const eventLine = newline + 1;
            if (eventLine + READY_FIELD.length <= end && buffer.compare(READY_FIELD, 0, READY_FIELD.length, eventLine, eventLine + READY_FIELD.length) === 0) {
              stream.ready = id;
            } else {
              const at = buffer.indexOf(AT_FIELD, newline);
              if (at >= 0 && at < end) {
                stream.ids.push(id);
                stream.latencies.push(received - timeAt(buffer, at + AT_FIELD.length));
              }
            }
          }
          start = end + 2;
        }
        rest = start < buffer.length ? buffer.subarray(start) : null;
      });
      response.on("error", () => {
        // closed at the end
      });
      resolve(stream);
    });
    request.on("error", (error) => reject(error));
  });
}

/** Every stream in this process (the Node reader): its CPU is the benchmark's own. */
async function openNodeReaders(base: string, tokens: string[]): Promise<Readers> {
  const streams: Stream[] = [];
  for (const token of tokens) streams.push(await openStream(base, token));
  return {
    pid: process.pid,
    finish: async () => {
      for (const stream of streams) stream.close();
      return streams;
    },
  };
}

/**
 * Every stream in `bench/events/reader.c` (compiled here with the system's C compiler): one epoll
 * thread that does almost nothing per event, so the reader — which on another host would cost the
 * server nothing — takes as little as it can of the two cores the server runs on.
 */
async function openCReaders(port: number, tokens: string[]): Promise<Readers> {
  const directory = mkdtempSync(join(tmpdir(), "bench-events-"));
  const binary = join(directory, "reader");
  execFileSync(process.env.CC ?? "cc", ["-O2", "-o", binary, "bench/events/reader.c"], { stdio: "inherit" });
  const child = spawn(binary, [String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.on("exit", (code) => reject(new Error(`the reader exited (${code})`))));
  exited.catch(() => undefined); // it exits after its last line; only a wait for a line cares
  const nextLine = async () => {
    const next = await Promise.race([lines.next(), exited]);
    if (next.done) throw new Error("the reader's output ended early");
    return next.value;
  };
  child.stdin!.write(`${tokens.join("\n")}\n\n`);
  const opened = await nextLine();
  if (opened !== "OPEN") throw new Error(`the reader said ${opened}`);
  return {
    pid: child.pid!,
    finish: async () => {
      child.stdin!.end("stop\n");
      const results: StreamResult[] = [];
      for (;;) {
        const line = await nextLine();
        if (line === "END") break;
        const [ready, reads, events] = line.slice(2).split(" ").map(Number);
        const result: StreamResult = { ready: ready!, ids: [], latencies: [], reads: reads! };
        for (let i = 0; i < events!; i++) {
          const [id, latency] = (await nextLine()).split(" ");
          result.ids.push(Number(id));
          result.latencies.push(Number(latency));
        }
        results.push(result);
      }
      rmSync(directory, { recursive: true, force: true });
      return results;
    },
  };
}

/**
 * Where the machine's CPU went between two snapshots: the app, Postgres and this benchmark. Anything
 * else running on the same cores makes a run worth less, so the rest is reported too.
 */
function cpuSpent(before: Map<number, ProcessCpu>, after: Map<number, ProcessCpu>, appPid: number, readerPid: number) {
  const spent = { app: 0, appInKernel: 0, postgres: 0, benchmark: 0, benchmarkInKernel: 0, reader: 0, readerInKernel: 0 };
  for (const [pid, now] of after) {
    const used = now.seconds - (before.get(pid)?.seconds ?? 0);
    const inKernel = now.system - (before.get(pid)?.system ?? 0);
    if (pid === appPid) {
      spent.app += used;
      spent.appInKernel += inKernel;
    } else if (pid === process.pid || pid === readerPid) {
      spent.benchmark += used;
      spent.benchmarkInKernel += inKernel;
      if (pid === readerPid) {
        spent.reader += used;
        spent.readerInKernel += inKernel;
      }
    } else if (now.name === "postgres") spent.postgres += used;
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    app: round(spent.app),
    appInKernel: round(spent.appInKernel),
    postgres: round(spent.postgres),
    benchmark: round(spent.benchmark),
    benchmarkInKernel: round(spent.benchmarkInKernel),
    reader: round(spent.reader),
    readerInKernel: round(spent.readerInKernel),
  };
}

/** CPU seconds the whole machine has been busy so far (steal and interrupts included), from /proc/stat. */
function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

async function main() {
  const probe = new Date().toISOString();
  if (timeAt(Buffer.from(probe), 0) !== Date.parse(probe)) throw new Error(`timeAt misreads ${probe}`);
  const database = await benchDatabase("bench_events");
  const dbName = database.name;
  const dbUrl = database.url;
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  let app: RunningApp | null = null;
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
    // Conversations of their own for the warm-up, so the measured messages make the same events as without it.
    const warmUpSessions = await sql`
      insert into chat_sessions (business_id, user_id, channel, title)
      select ${businessId}, id, 'member', 'Warm-up' from users where business_id = ${businessId} and role = 'viewer' order by email returning id, user_id`;
    const warmUpSessionOf = new Map(warmUpSessions.map((s) => [s.user_id as string, s.id as string]));

    const started = await startApp({
      ...secrets,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "20",
      LOG_LEVEL: "warn",
      BENCH_APP_PORT: "0",
      // Every sender comes from this one address: the per-address limit (300 a minute) would refuse most
      // messages, a refused send makes no events, and the load would not be the one asked for.
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? "1000000",
      RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE: process.env.RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE ?? "1000000",
    });
    app = started;
    const base = `http://127.0.0.1:${started.port}`;

    /** Message `n` of the load (into `sessions`' conversation of its sender): 200 when it was accepted. */
    const send = (n: number, sessions: Map<string, string>): Promise<number> => {
      const who = n % senders.length;
      const sessionId = sessions.get(senderRows[who]!.id as string)!;
      const request =
        PRODUCER === "chat"
          ? { url: `${base}/api/chat`, token: senders[who]!, body: { message: `bench message ${n}`, sessionId }, ok: 200 }
          : { url: `${base}/api/inbox/${sessionId}/reply`, token: admins[n % admins.length]!, body: { message: `bench reply ${n}` }, ok: 201 };
      return fetch(request.url, {
        method: "POST",
        headers: { authorization: `Bearer ${request.token}`, "content-type": "application/json" },
        body: JSON.stringify(request.body),
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status === request.ok ? 200 : r.status;
      });
    };
    /** RATE messages a second, spread evenly, from `first`; answers their statuses and how long sending took. */
    const sendAtRate = async (count: number, first: number, sessions: Map<string, string>) => {
      const sends: Promise<number>[] = [];
      const begin = Date.now();
      for (let n = 0; n < count; n++) {
        const wait = begin + (n * 1000) / RATE - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        sends.push(send(first + n, sessions));
      }
      const statuses = await Promise.all(sends);
      return { statuses, seconds: (Date.now() - begin) / 1000 };
    };

    // The app's first requests load and compile its code (and open its pool): a warm-up at the same
    // rate, before any stream is open, keeps that out of the figures, as a long-running instance would.
    const warmUp = await sendAtRate(WARM_UP_SECONDS * RATE, 1_000_000, warmUpSessionOf);
    if (warmUp.statuses.some((status) => status !== 200)) throw new Error(`the warm-up was refused: ${warmUp.statuses.join(",")}`);
    const idle = app.rssKb();

    const streamTokens = Array.from({ length: STREAMS }, (_, i) => admins[i % admins.length]!);
    const readers = READER === "c" ? await openCReaders(started.port, streamTokens) : await openNodeReaders(base, streamTokens);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const withStreams = app.rssKb();
    let peak = withStreams;
    const sampler = setInterval(() => (peak = Math.max(peak, app!.rssKb())), 100);
    // Events up to here came from the streams opening (members coming online), not from the load.
    const [beforeLoad] = await sql`select coalesce(max(id), 0)::int8 as id from events where business_id = ${businessId}`;
    const lastIdBeforeLoad = Number(beforeLoad!.id);
    const cpuBefore = { processes: cpuOfProcesses(), machine: machineBusySeconds() };

    // Members send RATE messages a second, spread evenly, each into their own conversation.
    const total = RATE * SECONDS;
    const { statuses, seconds: sendSeconds } = await sendAtRate(total, 0, sessionOf);
    const spent = cpuSpent(cpuBefore.processes, cpuOfProcesses(), app.pid, readers.pid);
    const machine = machineBusySeconds() - cpuBefore.machine;
    const cpuSeconds = {
      over: Math.round(sendSeconds * 10) / 10,
      ...spent,
      // Processes that came and went meanwhile are in no snapshot: what is not the app, Postgres or
      // this process is counted from the machine's total.
      other: Math.round((machine - spent.app - spent.postgres - spent.benchmark) * 10) / 10,
      machine: Math.round(machine * 10) / 10,
    };
    // Let the last events arrive.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(sampler);

    const expected = (await sql`select id from events where business_id = ${businessId} order by id`).map((row) => Number(row.id));
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    const streams = await readers.finish();
    for (const stream of streams) {
      const seen = new Set(stream.ids);
      duplicated += stream.ids.length - seen.size;
      // A stream owes every event of the business after the position it opened at.
      lost += expected.filter((id) => id > stream.ready && !seen.has(id)).length;
      outOfOrder += stream.ids.filter((id, i) => i > 0 && id <= stream.ids[i - 1]!).length;
    }
    const latencies: number[] = [];
    const openingLatencies: number[] = [];
    for (const stream of streams) {
      stream.ids.forEach((id, i) => (id > lastIdBeforeLoad ? latencies : openingLatencies).push(stream.latencies[i]!));
    }
    const latencyOf = (values: number[]) => ({
      p50: percentile(values, 50),
      p95: percentile(values, 95),
      p99: percentile(values, 99),
      max: values.reduce((a, b) => Math.max(a, b), 0),
    });
    const failedSends = statuses.filter((status) => status !== 200).length;
    const summary = {
      producer: PRODUCER,
      server: SERVER,
      reader: READER,
      streams: STREAMS,
      messagesPerSecond: Math.round((total / sendSeconds) * 10) / 10,
      sendStatuses: statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}),
      events: expected.filter((id) => id > lastIdBeforeLoad).length,
      deliveries: latencies.length,
      // How many reads the deliveries arrived in: each costs the server a write and the reader a wake-up.
      reads: streams.reduce((sum, stream) => sum + stream.reads, 0),
      // The events of the messages sent at RATE; those written while the streams opened are apart.
      latencyMs: latencyOf(latencies),
      openingDeliveries: openingLatencies.length,
      openingLatencyMs: latencyOf(openingLatencies),
      rssMb: { idle: Math.round(idle / 1024), withStreams: Math.round(withStreams / 1024), peak: Math.round(peak / 1024), growth: Math.round((peak - idle) / 1024) },
      failedSends,
      lost,
      duplicated,
      outOfOrder,
      cpuSeconds,
      loadavg: loadavg().map((n) => Math.round(n * 100) / 100),
    };
    console.log(JSON.stringify(summary, null, 2));
    console.log(
      `| ${STREAMS} streams, ${summary.messagesPerSecond} ${PRODUCER === "chat" ? "assistant turns" : "person replies"}/s (${summary.events} events, ${summary.deliveries.toLocaleString("en-US")} deliveries) | ` +
        `p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms, p99 ${summary.latencyMs.p99} ms | RSS +${summary.rssMb.growth} MB (peak ${summary.rssMb.peak} MB) | ` +
        `lost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder} |`,
    );
    if (failedSends) console.log(`${failedSends} sends were not answered 200: the load was lighter than asked.`);
  } finally {
    await app?.stop();
    await sql.end();
    await database.drop();
  }
}

await main();
