import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { z } from "zod";
import { authOptions } from "@/lib/auth/session";
import { AppError, ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { assertAcceptableJson, methods, noContent, route, unstorableText } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { nextauth?: string[] };

// next-auth's own endpoints and the methods it serves on each (next-auth/core); anything else under
// /api/auth is a JSON 404 like every unknown API path, and another method a JSON 405.
// Its HTML pages are left out: `verify-request` (there is no email sign-in) and the sign-out page of
// `GET signout` (the app signs out by POST from its own menu).
const NEXT_AUTH_METHODS: Record<string, readonly ("GET" | "POST")[]> = {
  providers: ["GET"],
  csrf: ["GET"],
  error: ["GET"],
  session: ["GET", "POST"],
  signin: ["GET", "POST"],
  signout: ["POST"],
  // The credentials provider (the only one) signs in by POST; next-auth answers its GET with a 500.
  callback: ["POST"],
  _log: ["POST"],
};

// next-auth's forms carry an email, a password, a CSRF token and a callback URL: a few hundred bytes.
const NEXT_AUTH_MAX_BODY_BYTES = 16 * 1024;

/**
 * The body next-auth will read, checked the way route() checks a JSON body (next-auth itself parses
 * without limits and turns malformed JSON into a 500), and its fields. Other types next-auth ignores.
 */
function acceptableForm(request: NextRequest, raw: Uint8Array): Record<string, unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const text = new TextDecoder().decode(raw);
  if (type.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError("invalid_request", "The request body is not valid JSON.");
    }
    assertAcceptableJson(parsed);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }
  if (type.includes("application/x-www-form-urlencoded")) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const problem = unstorableText(key) ?? unstorableText(value);
      if (problem) throw new AppError("invalid_request", problem);
      fields[key] = value;
    }
    return fields;
  }
  return {};
}

/** next-auth's own test (core/lib/assert.ts): a relative path, or an absolute http(s) URL. */
function isValidCallbackUrl(url: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIE = /^(?:__Secure-)?next-auth\.callback-url$/;

/**
 * next-auth answers a callback URL it cannot parse (in the query, the form or its own cookie) with
 * a 500 and an error-level log line, so anyone could fill the log; such a request is refused here
 * as a 400, and a bad cookie is cleared so the browser recovers.
 */
function assertValidCallbackUrls(request: NextRequest, form: Record<string, unknown>): void {
  const base = request.nextUrl.origin;
  // Every repeat of the parameter: next-auth reads the last one.
  for (const given of [...request.nextUrl.searchParams.getAll("callbackUrl"), form.callbackUrl]) {
    if (given === null || given === undefined) continue;
    if (typeof given !== "string" || !isValidCallbackUrl(given, base)) {
      throw new AppError("invalid_request", "callbackUrl must be a path or an http(s) URL.", { fields: { callbackUrl: ["Not a path or an http(s) URL."] } });
    }
  }
  for (const cookie of request.cookies.getAll()) {
    if (CALLBACK_COOKIE.test(cookie.name) && !isValidCallbackUrl(cookie.value, base)) {
      throw new AppError("invalid_request", "The sign-in callback cookie is not valid; it has been cleared.", {
        headers: { "set-cookie": `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${cookie.name.startsWith("__Secure-") ? "; Secure" : ""}` },
      });
    }
  }
}

/**
 * next-auth's own refusals (a plain-text 400, an empty object) become the API's JSON errors, keeping
 * its cookies. A refused sign-in is already JSON with the `url` of the error page, which the
 * next-auth client reads to show "wrong email or password": that one passes unchanged.
 */
async function asJsonRefusal(response: Response): Promise<Response> {
  // One of next-auth's own pages, were it ever reached: the API answers JSON only.
  if ((response.headers.get("content-type") ?? "").includes("text/html")) {
    return Response.json(new AppError("not_found", "No API endpoint here; sign in and out through the app's pages.").toJSON(), { status: 404 });
  }
  if (response.status < 400 || response.status >= 500) return response;
  const text = await response.text();
  if (hasUrl(text)) return new Response(text, { status: response.status, headers: response.headers });
  const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((candidate) => ERROR_STATUS[candidate] === response.status) ?? "invalid_request";
  const refusal = new AppError(code, "The sign-in service refused the request.");
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(JSON.stringify(refusal.toJSON()), { status: response.status, headers });
}

function hasUrl(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && typeof (parsed as { url?: unknown }).url === "string";
  } catch {
    return false;
  }
}

// next-auth's error codes (OAuthSignin, CredentialsSignin, …): it writes the one it is given into a
// Location header unescaped, where a NUL, a line break or a non-Latin-1 character is a 500.
const ERROR_CODE = /^[A-Za-z]{1,64}$/;

const handler = route<Params>(
  async ({ request, params, bytes, query }) => {
    // The same refusals as every route's query string (NUL and the like), and for the path segments.
    query(z.record(z.string(), z.string()));
    for (const segment of params.nextauth ?? []) {
      const problem = unstorableText(segment);
      if (problem) throw new AppError("invalid_request", problem);
    }
    const action = params.nextauth?.[0];
    const served = action !== undefined && Object.hasOwn(NEXT_AUTH_METHODS, action) ? NEXT_AUTH_METHODS[action]! : null;
    if (!served) throw new AppError("not_found", `No API endpoint at ${request.method} ${request.nextUrl.pathname}.`);
    if (!served.includes(request.method as "GET" | "POST")) {
      const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
      throw new AppError("method_not_allowed", `${request.method} is not served here; this endpoint answers ${served.join(", ")}.`, {
        headers: { Allow: allow },
      });
    }
    // next-auth's client logger: whatever a caller posts here would reach the server log at the
    // level the caller names (error included). Browser-side errors are not ours to log; drop them.
    if (action === "_log") return noContent();
    if (action === "error") {
      const code = request.nextUrl.searchParams.get("error") ?? params.nextauth?.[1];
      if (code !== undefined && !ERROR_CODE.test(code)) {
        throw new AppError("invalid_request", "error must be one of next-auth's error codes.", { fields: { error: ["Not an error code."] } });
      }
    }
    // next-auth reads the body itself, unbounded: it gets a copy read under this route's limit.
    let forwarded = request;
    let form: Record<string, unknown> = {};
    if (request.method === "POST") {
      const raw = await bytes();
      form = acceptableForm(request, raw);
      forwarded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: Buffer.from(raw) });
    }
    assertValidCallbackUrls(request, form);
    // Options are built per request (not at import) so a build never needs the runtime secrets.
    return asJsonRefusal(await NextAuth(forwarded as never, { params: Promise.resolve(params) } as never, authOptions()));
  },
  { maxBodyBytes: NEXT_AUTH_MAX_BODY_BYTES },
);

export const GET = handler;
export const POST = handler;
export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
