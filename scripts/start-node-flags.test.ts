import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startScriptNodeFlags, startScriptNodeOptions } from "./start-node-flags.mjs";

/** The heap limit, in MB, of a node process started with these NODE_OPTIONS. */
function heapLimitMb(nodeOptions: string): number {
  const output = execFileSync(process.execPath, ["-e", "console.log(require('v8').getHeapStatistics().heap_size_limit)"], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    encoding: "utf8",
  });
  return Number(output.trim()) / 1024 / 1024;
}

describe("npm start's node flags", () => {
  it("limit the heap of the process they start, and node accepts them in NODE_OPTIONS", () => {
    expect(startScriptNodeFlags()).toContain("--max-old-space-size=512");
    // The old space's 512 MB plus the young generation's semi-spaces.
    const limit = heapLimitMb(startScriptNodeOptions(""));
    expect(limit).toBeGreaterThanOrEqual(512);
    expect(limit).toBeLessThan(600);
  });

  it("let an operator's own NODE_OPTIONS win, because they come after", () => {
    const options = startScriptNodeOptions("--max-old-space-size=2048");
    expect(options.endsWith("--max-old-space-size=2048")).toBe(true);
    expect(heapLimitMb(options)).toBeGreaterThanOrEqual(2048);
  });
});
