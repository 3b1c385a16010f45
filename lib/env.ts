import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import packageJson from "../package.json" with { type: "json" };
import { parseModelId } from "./ai/model-ids";

const secret = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .refine((value) => Buffer.byteLength(value, "utf8") >= 32, `${name} must be at least 32 bytes`);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.url().optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_PREPARED_STATEMENTS: z.stringbool({ error: "DATABASE_PREPARED_STATEMENTS must be true or false" }).default(true),
    PGLITE_DIR: z.string().min(1).optional(),
    JWT_SECRET: secret("JWT_SECRET"),
    NEXTAUTH_SECRET: secret("NEXTAUTH_SECRET"),
    NEXTAUTH_URL: z.url().optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(86_400),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** Claude through Anthropic's Messages API; its models are offered only while this is set. */
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: z.url().optional(),
    /** The Claude model a conversation gets when it asks for Anthropic without naming a model. */
    ANTHROPIC_MODEL: z.string().min(1).default("claude-haiku-4-5"),
    ANTHROPIC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    MODEL_CONTEXT_TOKENS: z.coerce.number().int().min(512).max(1_000_000).default(8192),
    // Semantic product search (lib/embeddings): on whenever OPENAI_API_KEY is set, through the same endpoint.
    /** "false" keeps semantic search off even with a key (an endpoint that serves chat but no embeddings). */
    EMBEDDINGS_ENABLED: z.stringbool({ error: "EMBEDDINGS_ENABLED must be true or false" }).default(true),
    EMBEDDINGS_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
    /** Asks the model for shorter vectors (text-embedding-3 models accept it); unset = the model's own size. */
    EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).optional(),
    /** Product texts per embeddings request when products are embedded after approval. */
    EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
    /** The longest wait for a shopper's question to be embedded; past it the answer uses full-text search alone. */
    EMBEDDINGS_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
    /** Products less similar than this (cosine, -1…1) to the question are no semantic match at all. */
    EMBEDDINGS_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.25),
    // Cost controls a tenant cannot switch off (docs/security.md).
    /**
     * Models a business may choose, comma-separated `provider:model` (a bare name is `openai:`); each
     * must be priced in lib/ai/prices.ts, and only those of a provider with a key are offered.
     */
    ALLOWED_MODELS: z
      .string()
      .default(
        "openai:gpt-4o-mini,openai:gpt-4o,openai:gpt-4.1-mini,openai:gpt-4.1-nano,openai:gpt-4.1,openai:gpt-5-mini,openai:gpt-5-nano," +
          "anthropic:claude-haiku-4-5,anthropic:claude-sonnet-4-5,anthropic:claude-opus-4-5",
      )
      .transform((value) => [...new Set(value.split(",").map((name) => name.trim()).filter(Boolean).map((name) => parseModelId(name).id))])
      .refine((names) => names.length > 0, "ALLOWED_MODELS must name at least one model"),
    /** max_tokens on every model call. */
    MODEL_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(32_768).default(1024),
    /** The lowest messageCost a business may set (0 lets businesses make messages free). */
    MIN_MESSAGE_COST: z.coerce.number().int().min(0).max(1_000_000).default(1),
    /** The largest single credit grant, and the largest balance a user may hold. */
    // At most the 10,000,000 the grant routes' own schema takes (lib/credits/schemas.ts), so the limit an
    // operator sets is the one that holds.
    MAX_CREDIT_GRANT: z.coerce.number().int().min(1).max(10_000_000).default(1_000_000),
    MAX_CREDIT_BALANCE: z.coerce.number().int().min(1).max(2_147_483_647).default(1_000_000),
    /** The business wallet (what end users' messages through API keys and the widget spend) of a new business. */
    WALLET_INITIAL_CREDITS: z.coerce.number().int().min(0).max(2_147_483_647).default(10_000),
    /** How long a widget visitor token lives (the widget asks for a new one when it runs out). */
    VISITOR_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(4 * 60 * 60),
    // Abuse limits (docs/security.md). Every limit is shared by all instances through Postgres.
    /** How many proxies in front of the app append to X-Forwarded-For; 0 = clients connect directly and the header is ignored. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Requests of any one limited kind (sign-in, chat send, purchase…) from one address per minute. */
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    /** New businesses registered from one address per hour. */
    RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
    /** Invites accepted (sign-ups with an invite code) from one address per hour. */
    RATE_LIMIT_INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(30),
    RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    /** Widget visitor sessions one address may open with one publishable key per minute. */
    RATE_LIMIT_VISITOR_SESSIONS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    /** Messages one end user (a widget visitor, or one a secret key names) may send per minute; their daily cap is the business's setting. */
    RATE_LIMIT_END_USER_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_SESSION_CREATES_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_FILE_UPLOADS_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(60),
    /**
     * Files widget visitors attach from one address through one publishable key per hour, whoever they say
     * they are: a visitor who takes a new anonymous id is a new end user with a fresh per-account allowance.
     */
    RATE_LIMIT_VISITOR_FILE_UPLOADS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(120),
    RATE_LIMIT_PURCHASES_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_MINT_TOKENS_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Users an admin creates per hour (each attempt on a taken email counts too). */
    RATE_LIMIT_USER_CREATES_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(200),
    /** Failed sign-ins for one email from one address per window; also where the per-account back-off starts. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    /** The failure window; an account's failure count is forgotten after this long without a failure. */
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    /** The longest per-account back-off (it doubles from 1 s with each failure past LOGIN_MAX_FAILURES). */
    LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /** Password hashes computed at once (argon2 runs on libuv's threadpool, 4 threads by default). */
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Password hashes allowed to wait; beyond this a sign-in or sign-up is refused with 503 at once. */
    PASSWORD_HASH_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(32),
    /** Checks of the current password (password or email change) per signed-in account per hour. */
    RATE_LIMIT_PASSWORD_CHANGES_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(10),
    /** "Forgot password" requests from one address per hour. */
    RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** "Forgot password" requests naming one email per hour, whoever sends them (and whether or not it has an account). */
    RATE_LIMIT_PASSWORD_RESETS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).default(3),
    // Email (lib/mail). Without SMTP_URL, mails are written to the log, and outside production to /dev/outbox.
    /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; nodemailer's URL form, options as query parameters. */
    SMTP_URL: z
      .url({ error: "SMTP_URL must be a URL such as smtp://user:password@host:587" })
      .refine((value) => /^smtps?:$/.test(new URL(value).protocol), "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().trim().min(3).default("Product Assistant <no-reply@localhost>"),
    /** Where people open the app; links in emails point here. Defaults to NEXTAUTH_URL, then http://localhost:$PORT outside production. */
    APP_URL: z.url().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SEED_DEMO_DATA: z.enum(["auto", "always", "never"]).default("auto"),
  })
  .refine((env) => env.JWT_SECRET !== env.NEXTAUTH_SECRET, {
    path: ["JWT_SECRET"],
    message: "JWT_SECRET must differ from NEXTAUTH_SECRET",
  })
  // A link built from the request's Host header could be pointed at another site by whoever asks
  // for a reset, so a production server that sends mail must be told its own address.
  .refine((env) => env.NODE_ENV !== "production" || !env.SMTP_URL || env.APP_URL || env.NEXTAUTH_URL, {
    path: ["APP_URL"],
    message: "APP_URL (or NEXTAUTH_URL) is required in production when SMTP_URL is set: links in emails point there",
  });

export type Env = z.infer<typeof envSchema> & { APP_VERSION: string; dbKind: "pglite" | "postgres" };

/** Every variable the app reads, in the order of the schema (the README's table lists each with its default). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

const DEV_SECRET_NAMES = ["JWT_SECRET", "NEXTAUTH_SECRET"] as const;

/**
 * Outside production a missing secret is generated once and kept in .data/ so `npm run dev`
 * needs no setup and sessions survive restarts; production must be given real secrets.
 */
function developmentSecrets(source: NodeJS.ProcessEnv): Record<string, string> {
  const missing = DEV_SECRET_NAMES.filter((name) => !source[name]);
  if (missing.length === 0) return {};
  if (source.NODE_ENV === "test") {
    return Object.fromEntries(missing.map((name) => [name, randomBytes(32).toString("base64url")]));
  }
  const file = path.join(process.cwd(), ".data", "dev-secrets.json");
  let stored: Record<string, string> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(missing.map((name) => [name, stored[name] as string]));
}

export function parseEnv(rawSource: NodeJS.ProcessEnv): Env {
  // An empty variable means "not set", as in most deployment tools.
  const source = Object.fromEntries(Object.entries(rawSource).filter(([, value]) => value !== "")) as NodeJS.ProcessEnv;
  const withDefaults = source.NODE_ENV === "production" ? source : { ...source, ...developmentSecrets(source) };
  const result = envSchema.safeParse(withDefaults);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "env"}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return {
    ...result.data,
    APP_VERSION: packageJson.version,
    dbKind: result.data.DATABASE_URL ? "postgres" : "pglite",
  };
}

const globalForEnv = globalThis as unknown as { __appEnv?: Env };

export function env(): Env {
  globalForEnv.__appEnv ??= parseEnv(process.env);
  return globalForEnv.__appEnv;
}

/** The embedded database directory: one per process kind, because PGlite allows one process per directory. */
export function pgliteDir(current: Env = env()): string {
  if (current.PGLITE_DIR) return current.PGLITE_DIR;
  return path.join(process.cwd(), ".data", current.NODE_ENV === "production" ? "pglite-prod" : "pglite-dev");
}

/** The app's own address for links in emails, without a trailing slash. */
export function appUrl(current: Env = env()): string {
  const configured = current.APP_URL ?? current.NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/** Forgets the parsed environment so the next `env()` reads `process.env` again (tests that change it). */
export function resetEnv(): void {
  globalForEnv.__appEnv = undefined;
}
