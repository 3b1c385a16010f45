// `npm test` runs the browser specs too when a Chromium is available; otherwise it says so loudly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.SKIP_E2E === "1") {
  console.warn("\n!! BROWSER TESTS SKIPPED because SKIP_E2E=1 (CI runs them in their own step).\n");
  process.exit(0);
}
// The browsers playwright.config.ts can drive, in the order it prefers them.
const candidates = [process.env.CHROMIUM_HEADLESS_SHELL_PATH, "/usr/lib/chromium/chromium-headless-shell", process.env.CHROMIUM_PATH, "/usr/bin/chromium"];
if (!candidates.some((path) => path && existsSync(path))) {
  const bar = "!".repeat(72);
  console.warn(
    `\n${bar}\n!! BROWSER TESTS SKIPPED: no Chromium at $CHROMIUM_HEADLESS_SHELL_PATH, $CHROMIUM_PATH or Debian's paths.\n!! Install one (apt-get install chromium-headless-shell) and run: npm run test:e2e\n${bar}\n`,
  );
  process.exit(0);
}
const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
