// `npm test` runs the browser specs too when a Chromium is available; otherwise it says so loudly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.SKIP_E2E === "1") {
  console.warn("\n!! BROWSER TESTS SKIPPED because SKIP_E2E=1 (CI runs them in their own step).\n");
  process.exit(0);
}
const chromium = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : null);
if (!chromium || !existsSync(chromium)) {
  const bar = "!".repeat(72);
  console.warn(`\n${bar}\n!! BROWSER TESTS SKIPPED: no Chromium at $CHROMIUM_PATH or /usr/bin/chromium.\n!! Install one (apt-get install chromium) and run: npm run test:e2e\n${bar}\n`);
  process.exit(0);
}
const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
