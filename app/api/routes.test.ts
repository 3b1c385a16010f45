import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every route file under app/api must be covered by the suites that catch whole classes of bugs
// again: the fuzz suite (no 500 from any input) and the cross-tenant suite (nothing of
// one business reachable from another). A new route that neither imports fails here, by name.
// Both suites import each route module explicitly by path, so coverage is read from their imports.

const root = path.resolve(import.meta.dirname, "../..");
const apiDir = path.join(root, "app/api");

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function relative(file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

const routeFiles = walk(apiDir)
  .filter((file) => path.basename(file) === "route.ts")
  .map(relative)
  .sort();

/** A suite is one file (`app/api/<name>.test.ts`) or a folder of them (`app/api/<name>/*.test.ts`). */
function suiteFiles(name: string): string[] {
  const single = path.join(apiDir, `${name}.test.ts`);
  const folder = path.join(apiDir, name);
  return [
    ...(existsSync(single) ? [single] : []),
    ...(existsSync(folder) ? walk(folder).filter((file) => file.endsWith(".test.ts")) : []),
  ];
}

/** The route files a test file imports (`@/app/api/…/route` or a relative path), statically or with import(). */
function importedRouteFiles(testFile: string): Set<string> {
  const source = readFileSync(testFile, "utf8");
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map((match) => match[1]!);
  const files = new Set<string>();
  for (const specifier of specifiers) {
    let resolved: string;
    if (specifier.startsWith("@/")) resolved = path.join(root, specifier.slice(2));
    else if (specifier.startsWith(".")) resolved = path.resolve(path.dirname(testFile), specifier);
    else continue;
    const file = relative(resolved.endsWith(".ts") ? resolved : `${resolved}.ts`);
    if (file.startsWith("app/api/") && file.endsWith("/route.ts")) files.add(file);
  }
  return files;
}

function coverageOf(suite: { name: string; description: string }): { files: string[]; missing: string[] } {
  const files = suiteFiles(suite.name);
  const imported = new Set(files.flatMap((file) => [...importedRouteFiles(file)]));
  return { files, missing: routeFiles.filter((file) => !imported.has(file)) };
}

const SUITES = [
  { name: "fuzz", description: "the fuzz suite (app/api/fuzz.test.ts or app/api/fuzz/*.test.ts)" },
  { name: "cross-tenant", description: "the cross-tenant suite (app/api/cross-tenant.test.ts or app/api/cross-tenant/*.test.ts)" },
];

describe("every route file under app/api", () => {
  it("is found by the walker", () => {
    // A floor, not the exact count: the walk itself must not silently find nothing.
    expect(routeFiles.length).toBeGreaterThanOrEqual(32);
  });

  it.each(SUITES)("is imported by $description", (suite) => {
    const { files, missing } = coverageOf(suite);
    if (files.length === 0) {
      throw new Error(`${suite.description} does not exist, so none of the ${routeFiles.length} route files is covered by it:\n  ${missing.join("\n  ")}`);
    }
    if (missing.length > 0) {
      throw new Error(`Route files not imported by ${suite.description} — add a case for each:\n  ${missing.join("\n  ")}`);
    }
  });

  it.each(routeFiles)("%s runs on Node and ends by answering every method", async (file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    expect(source, `${file} must export runtime = "nodejs"`).toMatch(/^export const runtime = "nodejs";$/m);

    // `export const { PUT, … } = methods({ GET, … });` as the last statement, naming every method once.
    const ending = source.trimEnd().match(/export const \{([^}]*)\} = methods\(\{([^}]*)\}(?:, \{[^}]*\})?\);$/);
    if (ending) {
      const names = (list: string) =>
        list
          .split(",")
          .map((name) => name.trim())
          .filter(Boolean);
      const unserved = names(ending[1]!);
      const served = names(ending[2]!);
      expect(unserved, `${file}: OPTIONS comes from methods()`).toContain("OPTIONS");
      expect([...served, ...unserved].sort(), `${file}: methods() must name every method exactly once`).toEqual([...ALL_METHODS].sort());
    } else {
      // Only a route that answers every method itself (the catch-all 404) may end otherwise.
      const exported = ALL_METHODS.filter((method) => new RegExp(`^export const ${method} = `, "m").test(source));
      expect(exported, `${file} must end with export const { … } = methods({ … })`).toEqual([...ALL_METHODS]);
    }

    const routeModule = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const method of ALL_METHODS) expect(typeof routeModule[method], `${file} answers ${method}`).toBe("function");
  });
});
