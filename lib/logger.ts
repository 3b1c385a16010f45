import pino from "pino";
import { env } from "./env";

const globalForLogger = globalThis as unknown as { __appLogger?: pino.Logger };

/**
 * Fields of a failed query's errors that hold the values bound to it: drizzle's and PGlite's `params`,
 * PGlite's `queryOptions`, postgres.js's `parameters` and `args` (enumerable in its debug mode), and
 * Postgres's `detail`, which quotes the failing row or key ("Failing row contains (…)").
 */
const QUERY_VALUE_FIELDS = new Set(["params", "parameters", "args", "queryOptions", "detail"]);

type QueryError = Error & { query: string };

// drizzle-orm's DrizzleQueryError, recognised by shape rather than class so that a second copy of
// drizzle-orm in a bundle cannot slip past: its message and stack spell out every bound value.
function isDrizzleQueryError(error: Error): error is QueryError {
  return typeof (error as Partial<QueryError>).query === "string" && error.message.startsWith("Failed query: ");
}

function isFailedQuery(error: Error): boolean {
  return isDrizzleQueryError(error) || Object.hasOwn(error, "params") || Object.hasOwn(error, "parameters");
}

/** An error and its causes, outermost first (a cycle or a very deep chain is cut short). */
function causeChain(error: Error): Error[] {
  const chain: Error[] = [];
  for (let at: unknown = error; at instanceof Error && !chain.includes(at) && chain.length < 16; at = at.cause) chain.push(at);
  return chain;
}

/** A copy of the error (of the same class, for its logged `type`) without what it knows of the query's values. */
function withoutQueryValues(error: Error, cause: Error | undefined): Error {
  const copy = Object.create(Object.getPrototypeOf(error)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(error)) if (!QUERY_VALUE_FIELDS.has(key)) copy[key] = value;
  copy.message = error.message;
  copy.stack = error.stack;
  if (isDrizzleQueryError(error)) {
    copy.message = `Failed query: ${error.query}`;
    const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    copy.stack = [`${error.name}: ${copy.message}`, ...frames].join("\n");
  }
  // Past the end of the chain lies a cycle or what was cut short: nothing of it is logged.
  copy.cause = cause ?? (error.cause instanceof Error ? undefined : error.cause);
  return copy as unknown as Error;
}

/**
 * pino's error serializer, except that an error chain holding a failed query (drizzle's wrapper, the
 * driver's error) is logged with the SQL text and the database's message but none of the values bound
 * to it, which can be a customer's rows or a secret being stored.
 */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return pino.stdSerializers.err(value as Error);
  const chain = causeChain(value);
  if (!chain.some(isFailedQuery)) return pino.stdSerializers.err(value);
  const safe = chain.reduceRight<Error | undefined>((cause, error) => withoutQueryValues(error, cause), undefined)!;
  return pino.stdSerializers.err(safe);
}

/** A logger configured as the app's; `destination` (default stdout) lets a test read the lines it writes. */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: env().LOG_LEVEL,
      base: { service: "product-assistant" },
      redact: ["password", "*.password", "token", "*.token", "refresh", "*.refresh", "authorization"],
      serializers: { err: serializeError },
    },
    destination,
  );
}

export function logger(): pino.Logger {
  globalForLogger.__appLogger ??= createLogger();
  return globalForLogger.__appLogger;
}
