// Builds the app (unless E2E_SKIP_BUILD is set), then serves it for the browser tests: the fake
// OpenAI and Anthropic servers, one instance whose assistant uses them (OpenAI by default, Claude
// for a business that chooses it), and the main instance with the built-in local assistant. Each instance gets a fresh embedded database with the demo data.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startScriptEnvironment } from "../scripts/start-node-flags.mjs";
import { startMailCatcher } from "./mail-catcher.mjs";

const root = path.resolve(import.meta.dirname, "..");
const runId = process.env.E2E_RUN_ID ?? randomBytes(4).toString("hex");
const appPort = process.env.E2E_PORT ?? "3100";
const modelAppPort = process.env.E2E_MODEL_APP_PORT ?? "3101";
const fakePort = process.env.E2E_FAKE_OPENAI_PORT ?? "3102";
const fakeAnthropicPort = process.env.E2E_FAKE_ANTHROPIC_PORT ?? "3105";
const children = [];
const dataDirs = [];

function stopAll(code) {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  }, 1500).unref();
}
process.on("SIGTERM", () => stopAll(0));
process.on("SIGINT", () => stopAll(0));

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function start(name, command, args, env) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code) => {
    console.error(`[e2e] ${name} exited with ${code}`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

async function waitFor(url) {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

function appEnv(port, extra) {
  const dir = path.join(root, ".data", `e2e-${runId}-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  dataDirs.push(dir);
  return {
    NODE_ENV: "production",
    // As `npm start` runs it, so the journeys pass under production's heap limit and allocator settings.
    ...startScriptEnvironment(),
    PORT: port,
    PGLITE_DIR: dir,
    DATABASE_URL: "",
    SEED_DEMO_DATA: "always",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ACCESS_TOKEN_TTL_SECONDS: process.env.E2E_ACCESS_TOKEN_TTL_SECONDS ?? "30",
    LOG_LEVEL: "warn",
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    // Every journey comes from 127.0.0.1: one address registers several businesses per run, and opens
    // the widget's chat (a visitor token each) on more pages a minute than one visitor would.
    RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_HOUR: "1000",
    RATE_LIMIT_VISITOR_SESSIONS_PER_ADDRESS_PER_MINUTE: "1000",
    ...extra,
  };
}

const next = path.join(root, "node_modules/.bin/next");
const fakeServer = path.join(root, "e2e/fake-openai/server.ts");
if (existsSync(fakeServer)) {
  start("fake-openai", path.join(root, "node_modules/.bin/tsx"), [fakeServer], { PORT: fakePort });
  start("fake-anthropic", path.join(root, "node_modules/.bin/tsx"), [path.join(root, "e2e/fake-anthropic/server.ts")], { PORT: fakeAnthropicPort });
  start("model-app", next, ["start", "-p", modelAppPort, "-H", "127.0.0.1"], appEnv(modelAppPort, {
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `http://127.0.0.1:${fakePort}/v1`,
    OPENAI_MODEL: "gpt-4o-mini",
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${fakeAnthropicPort}`,
  }));
  await waitFor(`http://127.0.0.1:${modelAppPort}/api/health`);
}
// The main instance mails (invites, reset links) to the mail catcher the journeys read from.
const smtpPort = process.env.E2E_SMTP_PORT ?? "3103";
const mailPort = process.env.E2E_MAIL_PORT ?? "3104";
await startMailCatcher({ smtpPort, httpPort: mailPort });
start("app", next, ["start", "-p", appPort, "-H", "127.0.0.1"], appEnv(appPort, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, APP_URL: `http://127.0.0.1:${appPort}` }));
