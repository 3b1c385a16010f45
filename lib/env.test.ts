import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CREDIT_LIMITS } from "./credits/schemas";
import { ENV_VARIABLES, parseEnv } from "./env";

const strong = (char: string) => char.repeat(40);

describe("environment validation", () => {
  it("stops a production start without secrets, naming each missing one", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/JWT_SECRET[\s\S]*NEXTAUTH_SECRET|NEXTAUTH_SECRET[\s\S]*JWT_SECRET/);
  });

  it("refuses a production secret shorter than 32 bytes", () => {
    expect(() => parseEnv({ NODE_ENV: "production", JWT_SECRET: "short", NEXTAUTH_SECRET: strong("n") })).toThrow(
      /JWT_SECRET must be at least 32 bytes/,
    );
  });

  it("refuses the same secret for API tokens and browser sessions", () => {
    expect(() => parseEnv({ NODE_ENV: "production", JWT_SECRET: strong("s"), NEXTAUTH_SECRET: strong("s") })).toThrow(/must differ/);
  });

  it("accepts a complete production environment and picks the engine from DATABASE_URL", () => {
    const base = { NODE_ENV: "production", JWT_SECRET: strong("j"), NEXTAUTH_SECRET: strong("n") } as const;
    expect(parseEnv(base)).toMatchObject({ dbKind: "pglite", ACCESS_TOKEN_TTL_SECONDS: 900, DATABASE_POOL_SIZE: 10, DATABASE_PREPARED_STATEMENTS: true });
    expect(parseEnv({ ...base, DATABASE_PREPARED_STATEMENTS: "false" }).DATABASE_PREPARED_STATEMENTS).toBe(false);
    expect(() => parseEnv({ ...base, DATABASE_PREPARED_STATEMENTS: "sometimes" })).toThrow(/DATABASE_PREPARED_STATEMENTS must be true or false/);
    expect(parseEnv({ ...base, DATABASE_URL: "postgres://u@localhost:5432/app" }).dbKind).toBe("postgres");
    // Empty means unset, as deployment tools write it.
    expect(parseEnv({ ...base, DATABASE_URL: "" }).dbKind).toBe("pglite");
  });

  it("never lets an access token live longer than an hour", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", JWT_SECRET: strong("j"), NEXTAUTH_SECRET: strong("n"), ACCESS_TOKEN_TTL_SECONDS: "7200" }),
    ).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });

  it("generates distinct secrets outside production so no setup is needed", () => {
    const parsed = parseEnv({ NODE_ENV: "test" });
    expect(Buffer.byteLength(parsed.JWT_SECRET)).toBeGreaterThanOrEqual(32);
    expect(parsed.JWT_SECRET).not.toBe(parsed.NEXTAUTH_SECRET);
  });

  it("has abuse limits that let a real person and a legitimate burst through by default", () => {
    const parsed = parseEnv({ NODE_ENV: "test" });
    expect(parsed).toMatchObject({ TRUSTED_PROXY_HOPS: 0, LOGIN_MAX_FAILURES: 10, LOGIN_FAILURE_WINDOW_SECONDS: 900 });
    expect(parsed.RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_HOUR).toBeGreaterThanOrEqual(10);
    expect(parsed.RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE).toBeGreaterThanOrEqual(120);
    expect(parsed.RATE_LIMIT_SESSION_CREATES_PER_ACCOUNT_PER_MINUTE).toBeGreaterThanOrEqual(60);
    expect(parsed.RATE_LIMIT_PURCHASES_PER_ACCOUNT_PER_MINUTE).toBeGreaterThanOrEqual(60);
    expect(parsed.RATE_LIMIT_PER_ADDRESS_PER_MINUTE).toBeGreaterThanOrEqual(300);
    // "A few minutes" at most: a locked-out owner is never kept out for long.
    expect(parsed.LOGIN_BACKOFF_MAX_SECONDS).toBeLessThanOrEqual(600);
  });

  it("refuses a negative or fractional proxy-hop count", () => {
    const base = { NODE_ENV: "test" } as const;
    expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: "1.5" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(parseEnv({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it("refuses a grant limit past what the grant routes accept, so the operator's limit is the one that holds", () => {
    const base = { NODE_ENV: "test" } as const;
    expect(() => parseEnv({ ...base, MAX_CREDIT_GRANT: String(CREDIT_LIMITS.grantAmount + 1) })).toThrow(/MAX_CREDIT_GRANT/);
    expect(parseEnv({ ...base, MAX_CREDIT_GRANT: String(CREDIT_LIMITS.grantAmount) }).MAX_CREDIT_GRANT).toBe(CREDIT_LIMITS.grantAmount);
  });

  it("turns semantic search settings into typed values with safe defaults, and refuses nonsense", () => {
    const base = { NODE_ENV: "test" } as const;
    expect(parseEnv(base)).toMatchObject({
      EMBEDDINGS_ENABLED: true,
      EMBEDDINGS_MODEL: "text-embedding-3-small",
      EMBEDDINGS_BATCH_SIZE: 64,
      EMBEDDINGS_QUERY_TIMEOUT_MS: 1500,
      EMBEDDINGS_MIN_SIMILARITY: 0.25,
    });
    expect(parseEnv(base).EMBEDDINGS_DIMENSIONS).toBeUndefined();
    const custom = parseEnv({ ...base, EMBEDDINGS_ENABLED: "false", EMBEDDINGS_DIMENSIONS: "512", EMBEDDINGS_MIN_SIMILARITY: "0.4" });
    expect(custom).toMatchObject({ EMBEDDINGS_ENABLED: false, EMBEDDINGS_DIMENSIONS: 512, EMBEDDINGS_MIN_SIMILARITY: 0.4 });
    expect(() => parseEnv({ ...base, EMBEDDINGS_ENABLED: "perhaps" })).toThrow(/EMBEDDINGS_ENABLED must be true or false/);
    expect(() => parseEnv({ ...base, EMBEDDINGS_BATCH_SIZE: "0" })).toThrow(/EMBEDDINGS_BATCH_SIZE/);
    expect(() => parseEnv({ ...base, EMBEDDINGS_BATCH_SIZE: "5000" })).toThrow(/EMBEDDINGS_BATCH_SIZE/);
    expect(() => parseEnv({ ...base, EMBEDDINGS_MIN_SIMILARITY: "1.5" })).toThrow(/EMBEDDINGS_MIN_SIMILARITY/);
    expect(() => parseEnv({ ...base, EMBEDDINGS_MODEL: "  " })).toThrow(/EMBEDDINGS_MODEL/);
  });

  it("is documented in the README: every variable, none that is not read, and each default as the code has it", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    const rows = new Map([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]*) \|/gm)].map(([, name, fallback]) => [name!, fallback!.trim()]));
    expect([...rows.keys()].sort()).toEqual([...ENV_VARIABLES].sort());
    const defaults = parseEnv({ JWT_SECRET: strong("j"), NEXTAUTH_SECRET: strong("n") } as unknown as NodeJS.ProcessEnv) as unknown as Record<string, unknown>;
    for (const [name, fallback] of rows) {
      const value = defaults[name];
      const literal = /^`([^`]*)`$/.exec(fallback);
      if (literal) expect({ name, value: Array.isArray(value) ? value.join(",") : String(value) }).toEqual({ name, value: literal[1] });
      else if (/^\*\(unset\)\*$|^unset\b/.test(fallback)) expect({ name, value }).toEqual({ name, value: undefined });
    }
  });
});
