import { readFileSync } from "node:fs";

/**
 * The node flags `npm start` runs the app with (the NODE_OPTIONS of package.json's start script), for
 * whatever starts `next start` itself: the browser tests and the benchmarks then run the process
 * production runs, heap limit included.
 */
export function startScriptNodeFlags() {
  const script = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).scripts.start;
  const options = /NODE_OPTIONS="([^"]*)"/.exec(script)?.[1] ?? "";
  return options.split(/\s+/).filter((flag) => flag.startsWith("--"));
}

/** `NODE_OPTIONS` for such a server: the start script's flags, then any the caller already has (later flags win). */
export function startScriptNodeOptions(callerOptions = process.env.NODE_OPTIONS ?? "") {
  return [...startScriptNodeFlags(), callerOptions].join(" ").trim();
}
