import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/** A free TCP port, found synchronously because the config is evaluated synchronously. */
function freePort(): string {
  return execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}

// Workers re-evaluate this file: the runner fixes the ports and secrets once in its environment.
process.env.E2E_PORT ??= freePort();
process.env.E2E_MODEL_APP_PORT ??= freePort();
process.env.E2E_FAKE_OPENAI_PORT ??= freePort();
process.env.E2E_FAKE_ANTHROPIC_PORT ??= freePort();
process.env.E2E_SMTP_PORT ??= freePort();
process.env.E2E_MAIL_PORT ??= freePort();
process.env.E2E_RUN_ID ??= randomBytes(4).toString("hex");

export const APP_URL = `http://127.0.0.1:${process.env.E2E_PORT}`;
/** A second instance of the same build whose assistant talks to the fake OpenAI server. */
export const MODEL_APP_URL = `http://127.0.0.1:${process.env.E2E_MODEL_APP_PORT}`;
export const FAKE_OPENAI_URL = `http://127.0.0.1:${process.env.E2E_FAKE_OPENAI_PORT}`;
/** The fake Anthropic server the model instance's Claude answers come from (GET /__fake/requests). */
export const FAKE_ANTHROPIC_URL = `http://127.0.0.1:${process.env.E2E_FAKE_ANTHROPIC_PORT}`;
/** What the app mailed: GET /mails?to=<address> (e2e/mail-catcher.mjs). */
export const MAIL_URL = `http://127.0.0.1:${process.env.E2E_MAIL_PORT}`;

const DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

/**
 * The browser the journeys drive: Chromium's headless shell when there is one (the same Blink and V8
 * without the browser around them; the journeys are bound by the browser's CPU on two cores, and the
 * shell takes 13 % less wall time over them, docs/PERFORMANCE.md), else Chromium itself.
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_HEADLESS_SHELL_PATH) return process.env.CHROMIUM_HEADLESS_SHELL_PATH;
  if (existsSync(DEBIAN_HEADLESS_SHELL)) return DEBIAN_HEADLESS_SHELL;
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  // Two workers, each taking whole files: a journey spends much of its time waiting on the page or the
  // server, so two browsers share the two cores well (148 journeys: 16.5 min on one worker, 9.6 on two).
  // Journeys that read the shared demo data must not count on a total another file can change at the same
  // time: they look at their own rows (their business, conversation or product).
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${APP_URL}/api/health`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      E2E_PORT: process.env.E2E_PORT,
      E2E_MODEL_APP_PORT: process.env.E2E_MODEL_APP_PORT,
      E2E_FAKE_OPENAI_PORT: process.env.E2E_FAKE_OPENAI_PORT,
      E2E_FAKE_ANTHROPIC_PORT: process.env.E2E_FAKE_ANTHROPIC_PORT,
      E2E_SMTP_PORT: process.env.E2E_SMTP_PORT,
      E2E_MAIL_PORT: process.env.E2E_MAIL_PORT,
      E2E_RUN_ID: process.env.E2E_RUN_ID,
    },
  },
});
