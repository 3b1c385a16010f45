import { sql } from "drizzle-orm";
import fc from "fast-check";
import { expect } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "./catalog";
import { callRoute, type CallOptions } from "./http";

/**
 * The fuzz suite's harness (app/api/fuzz.test.ts): hostile values, one request per case through
 * callRoute, and the contract every answer keeps — below 500, JSON with `error` when refused,
 * a request id, `no-store` when credentials were sent, and no row changed by a refused request.
 */

/** Cases per handler: 200 by default, more with FUZZ_RUNS; FUZZ_SEED replays a reported failure. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

// ---- values ---------------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Text a form would never send: NUL, unpaired surrogates, control and bidi characters, near-limit and huge lengths. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfff",
    "\udc00\ud800",
    "😀",
    "\ufeff",
    "\u202e",
    "%",
    "%00",
    "%ZZ",
    "../../etc/passwd",
    "null",
    "true",
    "-1",
    "1e309",
    "NaN",
    "0x10",
    "<script>alert(1)</script>",
    "' or 1=1 --",
    "$where",
    "__proto__",
    "constructor",
  ),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.constant("\u0000"), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 20 }),
  fc.constantFrom(201, 256, 1_001, 10_001, 600_000).map((length) => "x".repeat(length)),
);

/** Numbers at and beyond every edge (non-finite ones become null in JSON). */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_VALUE, 5e-324),
  fc.integer(),
  fc.double(),
);

/** Dates a Postgres timestamptz cannot hold next to ordinary ones: year 0, extended years, offsets across a bound. */
export const nastyDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0000-01-01",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31",
    "9999-12-31T23:59:59-14:00",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "2024-02-30",
    "2024-13-01",
    "2024-01-01T25:00:00Z",
    "2024-01-01T00:00:00.000000001Z",
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
);

/** An array nested `depth` levels deep around `leaf`. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** Any JSON value a hostile client might put in a field: wrong types, hostile text, deep and wide structures. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: nastyDate },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 2_000 }).map((depth) => nested(depth, "x")) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A raw body that is not the JSON object a route expects: malformed, deeply nested, the wrong type or media type. */
export type RawBody = { text: string; contentType: string | null };

export const nastyRawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { text: "{", contentType: "application/json" },
    { text: '{"a":', contentType: "application/json" },
    { text: "not json", contentType: "application/json" },
    { text: '{"a":1}{"b":2}', contentType: "application/json" },
    { text: '"\\ud800"', contentType: "application/json" },
    { text: '{"\\u0000":1}', contentType: "application/json" },
    { text: '{"a":"\\udfff"}', contentType: "application/json" },
    { text: '{"a":1}', contentType: "text/plain" },
    { text: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
    { text: '{"a":1}', contentType: null },
    { text: "\u0000", contentType: "application/json" },
  ),
  // A few thousand levels in a few KB: a recursive reader overflows its stack.
  fc.integer({ min: 65, max: 100_000 }).map((depth) => ({ text: "[".repeat(depth) + "]".repeat(depth), contentType: "application/json" })),
  fc.integer({ min: 65, max: 50_000 }).map((depth) => ({ text: '{"a":'.repeat(depth) + "1" + "}".repeat(depth), contentType: "application/json" })),
  fc.constantFrom("application/json", "text/plain", "application/xml", "").chain((contentType) =>
    fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ text, contentType: contentType || null })),
  ),
);

/** A request body: the route's own valid example with one to three fields replaced, dropped or added; any JSON value; or a raw body. */
export type FuzzBody = { json: unknown } | { raw: RawBody };

export function bodyArbitrary(example: Record<string, unknown> | null, extraKeys: string[] = []): fc.Arbitrary<FuzzBody> {
  const keys = [...new Set([...Object.keys(example ?? {}), ...extraKeys])];
  const mutation = fc.record({
    key: keys.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyString }) : nastyString,
    value: fc.option(nastyValue, { nil: undefined, freq: 6 }),
  });
  const mutated = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const body: Record<string, unknown> = { ...(example ?? {}) };
    for (const { key, value } of mutations) {
      if (value === undefined) delete body[key];
      else body[key] = value;
    }
    return { json: body };
  });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: fc.constant({ json: example ?? {} }) },
    { weight: 2, arbitrary: nastyValue.map((json) => ({ json })) },
    { weight: 2, arbitrary: nastyRawBody.map((raw) => ({ raw })) },
  );
}

/** A query string over the route's parameters (and strangers): hostile text, numbers and dates, repeated keys, broken escapes. */
export function queryArbitrary(keys: string[], examples: Record<string, string> = {}): fc.Arbitrary<string> {
  const value = fc.oneof(
    { weight: 3, arbitrary: nastyString },
    { weight: 2, arbitrary: nastyNumber.map(String) },
    { weight: 2, arbitrary: nastyDate },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const key = keys.length ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyString }) : nastyString;
  const pairs = fc.array(fc.tuple(key, value), { maxLength: 5 });
  const broken = fc.constantFrom("", "", "", "&%", "&page=%ZZ", "&%00=1", "&pageSize=1e3", "&page=-0", "&page=9".padEnd(40, "9"));
  return fc.tuple(pairs, broken).map(([entries, tail]) => {
    const params = new URLSearchParams(examples);
    for (const [name, text] of entries) {
      // URLSearchParams encodes as UTF-8, as a browser would: an unpaired surrogate arrives as U+FFFD.
      params.append(name, text);
    }
    const query = params.toString() + tail;
    return query ? `?${query}` : "";
  });
}

// ---- the contract ---------------------------------------------------------------------------

// What the application owns. Rate-limit counters and sign-in back-offs are left out on purpose:
// a refused request is exactly what they count.
const FINGERPRINTED_TABLES = [
  "businesses",
  "users",
  "refresh_tokens",
  "password_reset_tokens",
  "email_changes",
  "ended_browser_sessions",
  "invites",
  "products",
  "product_revisions",
  "product_images",
  "image_blobs",
  "chat_sessions",
  "chat_messages",
  "purchases",
  "idempotency_keys",
  "credit_transactions",
  "audit_log",
] as const;

/**
 * Installs in this file's database, per fingerprinted table, its net row count and a sum of its rows'
 * hashes, kept by row-level triggers inside the writing transaction. A committed change of what a
 * table holds moves them; a rolled-back write does not, nor does a row written and removed again
 * (a claimed and released idempotency key). Reading them is one small query per case, where counting
 * and scanning every table cost several milliseconds on the embedded engine.
 */
export async function trackWrites(): Promise<void> {
  const db = getDb();
  await db.execute(sql.raw("create table fuzz_contents (table_name text primary key, net_rows bigint not null default 0, content numeric not null default 0)"));
  await db.execute(sql.raw(`insert into fuzz_contents (table_name) values ${FINGERPRINTED_TABLES.map((table) => `('${table}')`).join(", ")}`));
  await db.execute(
    sql.raw(`create function fuzz_count_write() returns trigger language plpgsql as $$
      begin
        if tg_op in ('INSERT', 'UPDATE') then
          update fuzz_contents set net_rows = net_rows + 1, content = content + hashtextextended(row_to_json(new)::text, 0)
          where table_name = tg_table_name;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          update fuzz_contents set net_rows = net_rows - 1, content = content - hashtextextended(row_to_json(old)::text, 0)
          where table_name = tg_table_name;
        end if;
        return null;
      end $$`),
  );
  for (const table of FINGERPRINTED_TABLES) {
    await db.execute(sql.raw(`create trigger fuzz_count_write after insert or update or delete on ${table} for each row execute function fuzz_count_write()`));
  }
}

/** Per fingerprinted table, what it holds, as trackWrites keeps it. */
export async function tableFingerprint(): Promise<Record<string, string>> {
  const rows = rowsOf<{ table_name: string; net_rows: string; content: string }>(
    await getDb().execute(sql.raw("select table_name, net_rows::text, content::text from fuzz_contents")),
  );
  return Object.fromEntries(rows.map((row) => [row.table_name, `${row.net_rows} rows, content ${row.content}`]));
}

export type FuzzRequest<Params> = CallOptions<Params> & { label: string };

/** Builds callRoute's options from a fuzzed body. */
export function withBody<Params>(request: CallOptions<Params>, body: FuzzBody | null): CallOptions<Params> {
  if (!body) return request;
  if ("json" in body) return { ...request, body: body.json };
  const headers = { ...request.headers };
  if (body.raw.contentType) headers["content-type"] = body.raw.contentType;
  return { ...request, rawBody: body.raw.text, headers };
}

type Handler<Params> = Parameters<typeof callRoute<Params>>[0];

/**
 * One fuzz case: calls the handler and checks the contract. `state` carries the fingerprint from
 * case to case, so each case costs one fingerprint, taken after it.
 */
export async function checkCase<Params>(
  handler: Handler<Params>,
  request: CallOptions<Params>,
  state: { fingerprint: Record<string, string> | null },
): Promise<{ status: number }> {
  // Taken again after a failed case (which may have written): a shrinking run compares with the truth.
  const before = state.fingerprint ?? (await tableFingerprint());
  state.fingerprint = null;
  const response = await callRoute(handler, request);
  const where = `${request.method ?? "GET"} ${request.path ?? ""} → ${response.status} ${response.text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  expect(response.headers.get("x-request-id"), where).toBeTruthy();
  if (response.status >= 400) {
    expect(response.headers.get("content-type") ?? "", where).toContain("application/json");
    expect(typeof response.body?.error, where).toBe("string");
  }
  if (request.token) expect(response.headers.get("cache-control"), where).toBeTruthy();
  const after = await tableFingerprint();
  if (response.status >= 400) expect(after, `${where}: a refused request changed rows`).toEqual(before);
  state.fingerprint = after;
  return { status: response.status };
}
