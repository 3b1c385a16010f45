import { readFileSync } from "node:fs";

/**
 * How `npm start` runs the app — the node flags of package.json's start script (its NODE_OPTIONS) and
 * the variables it defaults (`NAME=${NAME:-value}`) — for whatever starts `next start` itself: the
 * browser tests and the benchmarks then run the process production runs, heap limit included.
 */
function startScript() {
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).scripts.start;
}

export function startScriptNodeFlags() {
  const options = /NODE_OPTIONS="([^"]*)"/.exec(startScript())?.[1] ?? "";
  return options.split(/\s+/).filter((flag) => flag.startsWith("--"));
}

/** The variables the start script sets (`NAME=${NAME:-default}`) that `callerEnv` does not set itself. */
export function startScriptVariables(callerEnv = process.env) {
  const defaults = [...startScript().matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=\$\{\1:-([^}]*)\}/g)];
  return Object.fromEntries(defaults.filter((match) => callerEnv[match[1]] === undefined).map((match) => [match[1], match[2]]));
}

/**
 * The environment such a server needs on top of the caller's: the start script's variables the caller
 * has not set, and NODE_OPTIONS with the caller's own flags (and `extraNodeOptions`) after the script's.
 */
export function startScriptEnvironment(callerEnv = process.env, extraNodeOptions = "") {
  return {
    ...startScriptVariables(callerEnv),
    // The caller's own flags come after the script's, so they win.
    NODE_OPTIONS: [...startScriptNodeFlags(), callerEnv.NODE_OPTIONS ?? "", extraNodeOptions].join(" ").replace(/\s+/g, " ").trim(),
  };
}
