/**
 * What the benchmarks share: a throw-away database, percentiles, starting a bench process (the app
 * server, the fake model) as its own node process, and reading a process's memory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import postgres from "postgres";
import { databaseUrlFor } from "@/test/database-url";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** n, p50, p95, p99 and max, rounded to 2 places. */
export function stats(values: number[]) {
  return {
    n: values.length,
    p50: round2(percentile(values, 50)),
    p95: round2(percentile(values, 95)),
    p99: round2(percentile(values, 99)),
    max: round2(values.reduce((a, b) => Math.max(a, b), -Infinity)),
  };
}

/**
 * Starts `args` (a TypeScript entry) as one node process — no npx/tsx wrapper in between, so SIGTERM
 * reaches it and its /proc status is its own memory — and resolves once its output matches `ready`.
 */
export function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...args], {
      env: { ...process.env, TSX_TSCONFIG_PATH: "bench/chat/tsconfig.json", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    });
    child.stderr!.on("data", (data: Buffer) => process.stderr.write(`[${name}] ${data.toString()}`));
    child.on("exit", (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
}

/** VmRSS and VmHWM of a process, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Every descendant of a process (children, their children…), read from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited between the listing and the read
    }
    // The command name (field 2) may hold spaces and parentheses: the parent id follows its last ")".
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** A TCP port nothing listens on at the moment of asking, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A fresh database on the Postgres server of DATABASE_URL, named `<prefix>_<random>`, with `drop()`. */
export async function benchDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to a Postgres server (the benchmark creates its own database).");
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    name,
    url: databaseUrlFor(serverUrl, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type ProcessCpu = { name: string; seconds: number; system: number };

/** CPU seconds (user + system, and system alone) of every process now running, by pid, with its name (from /proc). */
export function cpuOfProcesses(): Map<number, ProcessCpu> {
  const processes = new Map<number, ProcessCpu>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      processes.set(Number(entry), {
        name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
        seconds: (Number(fields[11]) + Number(fields[12])) / 100,
        system: Number(fields[12]) / 100,
      });
    } catch {
      // gone meanwhile
    }
  }
  return processes;
}

/** CPU seconds between two snapshots of the processes whose name is `name` (e.g. every Postgres backend). */
export function cpuSecondsOfName(before: Map<number, ProcessCpu>, after: Map<number, ProcessCpu>, name: string): number {
  let seconds = 0;
  for (const [pid, now] of after) if (now.name === name) seconds += now.seconds - (before.get(pid)?.seconds ?? 0);
  return seconds;
}
