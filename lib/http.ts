import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { logger } from "./logger";
import { clientIp } from "./rate-limit/client-ip";
import type { RequestContext } from "./request-context";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type RouteOptions = {
  maxBodyBytes?: number;
  /** The 413's detail when the body is over `maxBodyBytes` (default: the body's limit in KB). */
  tooLargeDetail?: string;
};

export type RouteContext<Params> = {
  request: NextRequest;
  params: Params;
  requestId: string;
  /** What services are told about this request: its id and the caller's address. */
  ctx: Required<RequestContext>;
  /**
   * Reads the body as JSON (size-limited, declared `application/json` or `+json`, else 415), refuses
   * NUL, unpaired surrogates and nesting past MAX_JSON_DEPTH (400), and validates it; no body is `{}`.
   */
  body: <S extends z.ZodType>(schema: S) => Promise<z.infer<S>>;
  /** Validates the query string (NUL refused in keys and values); repeated keys keep their last value. */
  query: <S extends z.ZodType>(schema: S) => z.infer<S>;
  /** Reads the raw body under the route's size limit. */
  bytes: () => Promise<Uint8Array>;
};

type Handler<Params> = (context: RouteContext<Params>) => Promise<Response>;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdFrom(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function validationError(error: z.ZodError): AppError {
  return new AppError("invalid_request", "The request is invalid.", { fields: fieldErrorsFrom(error) });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

async function readLimited(request: Request, limit: number, tooLarge: () => AppError): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** What the multipart envelope (boundaries, part headers) adds on top of an uploaded file's own limit. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/**
 * The options of a route that takes one uploaded file of at most `fileBytes`: room for its multipart
 * envelope, and a body over that refused with `tooLarge`, the words of the route's own check of the file,
 * rather than with the envelope's size.
 */
export function uploadRouteOptions(fileBytes: number, tooLarge: string): RouteOptions {
  return { maxBodyBytes: fileBytes + MULTIPART_ENVELOPE_BYTES, tooLargeDetail: tooLarge };
}

/**
 * The file in part `field` of a multipart body (read through the route's bounded `bytes()`): 415 when
 * the body is not multipart, 400 when it does not parse or has no such file part.
 */
export async function multipartFile(request: Request, bytes: () => Promise<Uint8Array>, field = "file"): Promise<File> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", `Send the file as multipart/form-data in a field named "${field}".`);
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.from(await bytes()), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("invalid_request", "The multipart body does not parse.");
  }
  const file = form.get(field);
  if (!file || typeof file === "string") {
    throw new AppError("invalid_request", `Attach the file in a field named "${field}".`, { fields: { [field]: ["A file is required."] } });
  }
  return file;
}

/** How deep a JSON body may nest: far beyond any real payload, and short of any stack a later recursive reader needs. */
export const MAX_JSON_DEPTH = 64;

// Postgres text cannot hold U+0000, and jsonb refuses an unpaired surrogate escape (`"\ud800"`);
// refusing both where input is parsed keeps them a 400 instead of a database error.
/** Why Postgres could not store `text` faithfully (NUL, unpaired surrogate), or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes("\0")) return "Text may not contain the NUL character (U+0000).";
  if (!text.isWellFormed()) return "Text may not contain an unpaired UTF-16 surrogate (e.g. \\ud800).";
  return null;
}

/**
 * The first `count` characters of `text`, counted as Postgres counts them (code points): a cut by
 * UTF-16 units can leave half of an emoji, an unpaired surrogate that jsonb refuses.
 */
export function firstChars(text: string, count: number): string {
  return text.length <= count ? text : Array.from(text).slice(0, count).join("");
}

function textProblem(text: string): AppError | null {
  const reason = unstorableText(text);
  return reason ? new AppError("invalid_request", reason) : null;
}

/**
 * Checks every string (keys included) of a parsed JSON value without recursion, so a body nested
 * thousands of levels deep is a 400 rather than a stack overflow here or in a later reader.
 */
export function assertAcceptableJson(root: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) throw problem;
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new AppError("invalid_request", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    if (Array.isArray(value)) {
      for (const item of value) pending.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      pending.push({ value: key, depth: depth + 1 }, { value: item, depth: depth + 1 });
    }
  }
}

// `application/json`, or a structured `+json` type such as `application/merge-patch+json`; parameters (charset) allowed.
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

function isJsonMediaType(header: string): boolean {
  return JSON_MEDIA_TYPE.test(header.split(";")[0]!.trim().toLowerCase());
}

function notJson(): AppError {
  return new AppError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
}

function bodyTooLarge(limit: number, detail: string | undefined): AppError {
  return new AppError("payload_too_large", detail ?? `The request body exceeds ${Math.round(limit / 1024)} KB.`);
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof AppError) {
    return Response.json(error.toJSON(), {
      status: error.status,
      headers: { ...error.headers, "x-request-id": requestId },
    });
  }
  if (error instanceof z.ZodError) return errorResponse(validationError(error), requestId);
  const collision = concurrentChange(error);
  if (collision) {
    // Every known race has its lock; one that still collides is a defect to find, but not the caller's fault.
    logger().error({ err: error, requestId }, "a concurrent change collided in the database");
    return errorResponse(collision, requestId);
  }
  logger().error({ err: error, requestId }, "unhandled error in route");
  return Response.json(
    { error: "internal_error", detail: "Something went wrong. Quote the request id when reporting it." },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

/** Postgres's codes for two transactions that collided: a deadlock, a serialization failure, a row referred to that another removed. */
const COLLISION_CODES = new Set(["40P01", "40001", "23503"]);

/**
 * A database error of two requests colliding, as the 4xx/503 the caller can act on (try again, or reload);
 * null for anything else. The driver's error is the query error's cause (Drizzle wraps it).
 */
export function concurrentChange(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++, current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code !== "string" || !COLLISION_CODES.has(code)) continue;
    return code === "23503"
      ? new AppError("conflict", "Something this request refers to was changed or removed at the same moment. Reload and try again.")
      : new AppError("service_unavailable", "Another change got in the way of this one. Try again.", { headers: { "Retry-After": "1" } });
  }
  return null;
}

/**
 * Every API handler goes through here: request id in and out, bounded body reading,
 * zod → 400 with fields, AppError → its status, anything else → logged 500 without internals.
 */
export function route<Params = Record<string, never>>(handler: Handler<Params>, options: RouteOptions = {}) {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request: NextRequest, segment: { params: Promise<Params> }): Promise<Response> => {
    const requestId = requestIdFrom(request);
    let cachedBytes: Promise<Uint8Array> | undefined;
    const bytes = () => (cachedBytes ??= readLimited(request, limit, () => bodyTooLarge(limit, options.tooLargeDetail)));
    try {
      const params = (await segment?.params) ?? ({} as Params);
      const response = await handler({
        request,
        params,
        requestId,
        ctx: { requestId, clientAddress: clientIp(request.headers) },
        bytes,
        body: async (schema) => {
          // A JSON body must say so: a form or text/plain post (what a cross-site page can send
          // without a preflight) is refused before it is read. No type and no body is `{}`.
          const type = request.headers.get("content-type");
          if (type !== null && !isJsonMediaType(type)) throw notJson();
          const raw = new TextDecoder().decode(await bytes()).trim();
          if (!raw) return parseWith(schema, {});
          if (type === null) throw notJson();
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            throw new AppError("invalid_request", "The request body is not valid JSON.");
          }
          assertAcceptableJson(parsed);
          return parseWith(schema, parsed);
        },
        query: (schema) => {
          const values: Record<string, string> = {};
          for (const [key, value] of request.nextUrl.searchParams) {
            const problem = textProblem(key) ?? textProblem(value);
            if (problem) throw problem;
            values[key] = value;
          }
          return parseWith(schema, values);
        },
      });
      return finish(request, response, requestId);
    } catch (error) {
      return finish(request, errorResponse(error, requestId), requestId);
    }
  };
}

// next-auth's session cookie, with or without the __Secure- prefix, whole or chunked (`.0`, `.1`).
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

// An API key (`X-API-Key`) is a credential like a bearer token: what it reads is one business's data.
function carriesCredentials(request: Request): boolean {
  return request.headers.has("authorization") || request.headers.has("x-api-key") || SESSION_COOKIE.test(request.headers.get("cookie") ?? "");
}

/**
 * The headers every API answer gets: the request id, and for a request that carried credentials
 * `Cache-Control: no-store`, so no shared or browser cache keeps one user's data (a handler that
 * chose its own caching keeps it).
 */
function finish(request: Request, response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  if (carriesCredentials(request) && !response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

const SERVABLE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type ServableMethod = (typeof SERVABLE_METHODS)[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a route file's handlers differ only in their params
type AnyHandler = (request: NextRequest, segment: { params: Promise<any> }) => Promise<Response>;

/**
 * Every method of a route file: the ones it serves, and for the others a JSON 405 with `Allow`
 * (Next's own answer is an empty body). OPTIONS lists what is served. A route file ends with
 * `export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });` naming what it lacks.
 */
export function methods(
  served: Partial<Record<ServableMethod, AnyHandler>>,
  cors: { requestHeaders: string[] } | null = null,
): Record<ServableMethod | "OPTIONS", AnyHandler> {
  const names = SERVABLE_METHODS.filter((method) => served[method]);
  const allow = [...names, ...(served.GET ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  const refuse = route(async ({ request }) => {
    throw new AppError("method_not_allowed", `${request.method} is not served here; this endpoint answers ${names.join(", ")}.`, {
      headers: { Allow: allow },
    });
  });
  const options: AnyHandler = async (request) => {
    const origin = request.headers.get("origin");
    if (!cors || !origin || !request.headers.has("access-control-request-method")) return new Response(null, { status: 204, headers: { Allow: allow } });
    // A preflight carries no credentials, so it cannot be checked against them: it only lets the request
    // be sent. Whether the page may read the answer is the served handler's decision (its own CORS headers).
    return new Response(null, {
      status: 204,
      headers: {
        Allow: allow,
        "access-control-allow-origin": origin,
        "access-control-allow-methods": names.join(", "),
        "access-control-allow-headers": cors.requestHeaders.join(", "),
        "access-control-max-age": "600",
        vary: "Origin",
      },
    });
  };
  const all = Object.fromEntries(SERVABLE_METHODS.map((method) => [method, served[method] ?? refuse]));
  return { ...(all as Record<ServableMethod, AnyHandler>), OPTIONS: options };
}
