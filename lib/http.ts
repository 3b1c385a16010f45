import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { logger } from "./logger";
import { clientIp } from "./rate-limit/client-ip";
import type { RequestContext } from "./request-context";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type RouteOptions = { maxBodyBytes?: number };

export type RouteContext<Params> = {
  request: NextRequest;
  params: Params;
  requestId: string;
  /** What services are told about this request: its id and the caller's address. */
  ctx: Required<RequestContext>;
  /** Reads the body as JSON (size-limited) and validates it; an empty body counts as `{}`. */
  body: <S extends z.ZodType>(schema: S) => Promise<z.infer<S>>;
  /** Validates the query string; repeated keys keep their last value. */
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

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
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
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.values(value).some(containsNul);
  return false;
}

// Postgres text cannot hold U+0000; refusing it here keeps it a 400 instead of a database error.
function nulCharacter(): AppError {
  return new AppError("invalid_request", "Text may not contain the NUL character (U+0000).");
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body exceeds ${Math.round(limit / 1024)} KB.`);
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
  logger().error({ err: error, requestId }, "unhandled error in route");
  return Response.json(
    { error: "internal_error", detail: "Something went wrong. Quote the request id when reporting it." },
    { status: 500, headers: { "x-request-id": requestId } },
  );
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
    const bytes = () => (cachedBytes ??= readLimited(request, limit));
    try {
      const params = (await segment?.params) ?? ({} as Params);
      const response = await handler({
        request,
        params,
        requestId,
        ctx: { requestId, clientAddress: clientIp(request.headers) },
        bytes,
        body: async (schema) => {
          const raw = new TextDecoder().decode(await bytes()).trim();
          let parsed: unknown = {};
          if (raw) {
            try {
              parsed = JSON.parse(raw);
            } catch {
              throw new AppError("invalid_request", "The request body is not valid JSON.");
            }
          }
          if (containsNul(parsed)) throw nulCharacter();
          return parseWith(schema, parsed);
        },
        query: (schema) => {
          const values = Object.fromEntries(request.nextUrl.searchParams.entries());
          if (Object.values(values).some((value) => value.includes("\0"))) throw nulCharacter();
          return parseWith(schema, values);
        },
      });
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
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
export function methods(served: Partial<Record<ServableMethod, AnyHandler>>): Record<ServableMethod | "OPTIONS", AnyHandler> {
  const names = SERVABLE_METHODS.filter((method) => served[method]);
  const allow = [...names, ...(served.GET ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  const refuse = route(async ({ request }) => {
    throw new AppError("method_not_allowed", `${request.method} is not served here; this endpoint answers ${names.join(", ")}.`, {
      headers: { Allow: allow },
    });
  });
  const options: AnyHandler = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  const all = Object.fromEntries(SERVABLE_METHODS.map((method) => [method, served[method] ?? refuse]));
  return { ...(all as Record<ServableMethod, AnyHandler>), OPTIONS: options };
}
