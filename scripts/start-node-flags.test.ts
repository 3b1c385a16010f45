import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startScriptEnvironment, startScriptNodeFlags, startScriptVariables } from "./start-node-flags.mjs";

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
    const limit = heapLimitMb(startScriptEnvironment({}).NODE_OPTIONS!);
    expect(limit).toBeGreaterThanOrEqual(512);
    expect(limit).toBeLessThan(600);
  });

  it("let an operator's own NODE_OPTIONS win, because they come after", () => {
    const options = startScriptEnvironment({ NODE_OPTIONS: "--max-old-space-size=2048" }).NODE_OPTIONS!;
    expect(options.endsWith("--max-old-space-size=2048")).toBe(true);
    expect(heapLimitMb(options)).toBeGreaterThanOrEqual(2048);
  });

  it("run node with two malloc arenas unless the environment says otherwise, in the script's shell and for those who start next themselves", () => {
    // The start script itself, as npm runs it (sh), with `next start` swapped for a print of what node gets.
    const script = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start;
    expect(script.endsWith(" next start")).toBe(true);
    const printed = (env: Record<string, string>) =>
      execFileSync("sh", ["-c", script.replace(/ next start$/, ` "${process.execPath}" -p "[process.env.MALLOC_ARENA_MAX, process.env.NODE_OPTIONS].join('|')"`)], {
        // Unset values are left out of the child's environment.
        env: { ...process.env, MALLOC_ARENA_MAX: undefined, NODE_OPTIONS: undefined, ...env },
        encoding: "utf8",
      }).trim();
    expect(printed({})).toBe("2|--max-old-space-size=512 --max-semi-space-size=8");
    expect(printed({ MALLOC_ARENA_MAX: "8", NODE_OPTIONS: "--max-old-space-size=2048" })).toBe("8|--max-old-space-size=512 --max-semi-space-size=8 --max-old-space-size=2048");

    expect(startScriptVariables({})).toEqual({ MALLOC_ARENA_MAX: "2" });
    expect(startScriptVariables({ MALLOC_ARENA_MAX: "1" })).toEqual({});
    expect(startScriptEnvironment({})).toEqual({ MALLOC_ARENA_MAX: "2", NODE_OPTIONS: "--max-old-space-size=512 --max-semi-space-size=8" });
    expect(startScriptEnvironment({ MALLOC_ARENA_MAX: "8", NODE_OPTIONS: "--trace-gc" }, "--cpu-prof")).toEqual({
      NODE_OPTIONS: "--max-old-space-size=512 --max-semi-space-size=8 --trace-gc --cpu-prof",
    });
  });
});
