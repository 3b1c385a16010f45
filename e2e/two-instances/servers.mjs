// Production servers on a throw-away Postgres database, for the scripts that drive real
// `next start` processes over HTTP: the two-instance test (e2e/two-instances/run.mjs) and the
// soak (bench/soak/run.mjs). Needs a finished `next build`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import postgres from "postgres";
import { startScriptEnvironment } from "../../scripts/start-node-flags.mjs";

export const root = path.resolve(import.meta.dirname, "../..");
export const PG_SERVER = process.env.PG_SERVER || "postgres://postgres@127.0.0.1:5432/postgres";
const STARTUP_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 60_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database on PG_SERVER (unique name) with `drop()` to remove it. */
export async function freshDatabase(prefix) {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch((error) => console.error(`could not drop ${name}: ${error.message}`));
      await admin.end();
    },
  };
}

/** What a production server needs: the database, two distinct secrets, no demo data, the local assistant. */
export function serverEnv(databaseUrl, extra = {}) {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    // As `npm start` runs it.
    ...startScriptEnvironment(),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    SEED_DEMO_DATA: "never",
    LOG_LEVEL: "warn",
    ...extra,
  };
  // The built-in local assistant answers, so no model provider is needed (or called).
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  delete env.ANTHROPIC_API_KEY;
  return env;
}

/** One `next start` in its own process group, so stopping it stops whatever it spawned. */
export function startServer({ port, env, label }) {
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  return { child, port, label, base: `http://127.0.0.1:${port}`, log };
}

export function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  try {
    process.kill(-server.child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

export function exited(server) {
  return server.child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => server.child.once("exit", resolve));
}

/** Stops the servers however the script ends (normally, by an error, or by Ctrl-C). */
export function stopOnExit(servers) {
  const stopAll = () => servers.forEach(stopServer);
  process.on("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
  return stopAll;
}

export async function waitForHealth(server) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${server.label} exited with ${server.child.exitCode}:\n${server.log.join("")}`);
    try {
      const response = await fetch(`${server.base}/api/health`, { signal: AbortSignal.timeout(2000) });
      // Awaited here so a body cut off by the timeout counts as "not ready yet", not as a failure.
      if (response.ok) return await response.json();
    } catch {
      // not listening yet, or still migrating
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.label} did not answer /api/health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${server.log.join("")}`);
}

/** One JSON request; the answer's status, headers and parsed body. */
export async function api(server, method, pathname, { token, body, headers = {}, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const response = await fetch(`${server.base}${pathname}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json };
}

export async function expectStatus(promise, status, what) {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Every page of a list endpoint. */
export async function listAll(server, pathname, token) {
  const rows = [];
  for (let page = 1; ; page += 1) {
    const separator = pathname.includes("?") ? "&" : "?";
    const body = await expectStatus(api(server, "GET", `${pathname}${separator}page=${page}&pageSize=100`, { token }), 200, `list ${pathname}`);
    rows.push(...body.results);
    if (!body.next) return rows;
  }
}

/**
 * GET /api/events on one server with the bearer token in the header, parsed as it arrives: each event
 * with its id, type, data and the time it arrived. `waitFor` resolves with the first event that
 * matches (or null after `timeoutMs`); `close` ends the stream.
 */
export async function openEvents(server, token) {
  const controller = new AbortController();
  const response = await fetch(`${server.base}/api/events`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`${server.label} /api/events answered ${response.status}`);
  const events = [];
  const waiters = new Set();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split("\n")
              .filter((line) => line && !line.startsWith(":"))
              .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trimStart()]),
          );
          if (!fields.data) continue;
          events.push({ id: fields.id, type: fields.event, data: JSON.parse(fields.data).data, at: Date.now() });
          for (const waiter of waiters) waiter();
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    events,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve) => {
        const check = () => {
          const found = events.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(null);
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
