/**
 * One production server (`next start`) with the demo data, for the page and instance benchmarks: how
 * long it takes to answer, and what its process tree holds in memory. By default on a fresh embedded
 * database of its own; `database` names an existing one (an embedded directory, or a Postgres URL) to
 * start on again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startScriptEnvironment } from "../../scripts/start-node-flags.mjs";
import { descendantsOf, freePort, memoryOf } from "../harness";

export type AppServer = {
  baseUrl: string;
  pid: number;
  /** Spawn of `next start` → first 200 from /api/health, which includes migrating and seeding the empty database. */
  startupMs: number;
  /** VmRSS summed over `next start` and every process under it, in bytes. */
  treeRss: () => { bytes: number; processes: number };
  stop: () => Promise<void>;
};

export type ServerDatabase = { pgliteDir: string } | { postgresUrl: string };

export async function startAppServer(
  root: string,
  options: { database?: ServerDatabase; env?: Record<string, string> } = {},
): Promise<AppServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // A directory made here is this server's alone and removed when it stops; one passed in is kept.
  const ownDir = options.database ? null : mkdtempSync(path.join(tmpdir(), "bench-pages-"));
  const database = options.database ?? { pgliteDir: ownDir! };
  const started = performance.now();
  // The binary itself rather than npx: no wrapper process between us and the server, so the pid is
  // the server's and SIGTERM reaches it.
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    // Its output goes to stderr: stdout is this benchmark's JSON.
    stdio: ["ignore", 2, 2],
    env: {
      ...process.env,
      NODE_ENV: "production",
      // As `npm start` runs it.
      // BENCH_APP_NODE_ARGS reaches only the server: NODE_OPTIONS would also constrain the benchmark.
      ...startScriptEnvironment(process.env, process.env.BENCH_APP_NODE_ARGS),
      // A DATABASE_URL left in the caller's environment would otherwise point the server at Postgres.
      DATABASE_URL: "postgresUrl" in database ? database.postgresUrl : "",
      ...("pgliteDir" in database ? { PGLITE_DIR: database.pgliteDir } : {}),
      SEED_DEMO_DATA: "always",
      JWT_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: baseUrl,
      OPENAI_API_KEY: "",
      ANTHROPIC_API_KEY: "",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exited = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    }
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = performance.now() - started;
  const pid = child.pid!;
  return {
    baseUrl,
    pid,
    startupMs,
    treeRss: () => {
      const pids = [pid, ...descendantsOf(pid)];
      let bytes = 0;
      for (const each of pids) {
        try {
          bytes += memoryOf(each).rss;
        } catch {
          // a short-lived helper that exited since the listing holds nothing any more
        }
      }
      return { bytes, processes: pids.length };
    },
    stop,
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, exitCode: () => number | null | undefined) {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`next start (pid ${child.pid}) exited with ${exitCode()} before /api/health answered`);
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet, or still migrating
    }
    // Short, so the startup time is not rounded up by the polling interval.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${baseUrl}/api/health did not answer 200 within 10 minutes`);
}
