import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/server-only.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", "bench/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    // Test files share their worker process: importing the app and compiling PGlite's WebAssembly once
    // per worker instead of once per file halves the run. Each file still gets its own database, and
    // test/setup.ts puts back the environment a file changed.
    isolate: false,
    // Most of a test's time is spent waiting on its database, so two workers help even on two cores.
    maxWorkers: Math.max(2, availableParallelism()),
    // CI also writes a JSON report so it can print one closing summary line across all its runs.
    reporters: process.env.VITEST_JSON_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
