import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { signAccessToken } from "@/lib/auth/jwt";

// next/headers' cookies() and headers() need the request scope `next start` sets up around a route
// handler (next-auth's handler calls them). callRoute runs each handler in a scope of its own, and
// the two functions answer from it; outside one they behave as before.
const requestScope = new AsyncLocalStorage<NextRequest>();
const nextHeaders = createRequire(import.meta.url)("next/headers") as Record<"cookies" | "headers", (...args: unknown[]) => unknown>;
const nextCookies = nextHeaders.cookies;
const nextHeadersOf = nextHeaders.headers;
nextHeaders.cookies = (...args) => {
  const request = requestScope.getStore();
  return request ? Promise.resolve(request.cookies) : nextCookies(...args);
};
nextHeaders.headers = (...args) => {
  const request = requestScope.getStore();
  return request ? Promise.resolve(new Headers(request.headers)) : nextHeadersOf(...args);
};

type RouteHandler<Params> = (request: NextRequest, segment: { params: Promise<Params> }) => Promise<Response>;

export type CallOptions<Params> = {
  method?: string;
  path?: string;
  body?: unknown;
  rawBody?: BodyInit;
  token?: string | null;
  headers?: Record<string, string>;
  params?: Params;
  /** For an endless event stream: read only the status and headers, then close it. */
  openStream?: true;
};

/** Calls a route handler the way Next does, returning the status, headers and parsed JSON body. */
export async function callRoute<Params = Record<string, never>>(
  handler: RouteHandler<Params>,
  options: CallOptions<Params> = {},
) {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new NextRequest(new URL(options.path ?? "/api/test", "http://localhost"), {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const response = await requestScope.run(request, () => handler(request, { params: Promise.resolve((options.params ?? {}) as Params) }));
  if (options.openStream && (response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    await response.body?.cancel();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
    return { status: response.status, headers: response.headers, body: null as any, text: "" };
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  return { status: response.status, headers: response.headers, body: json as any, text };
}

/** A valid access token for a user, as the login endpoint would issue. */
export async function tokenFor(user: { id: string; email: string; name: string; role: "admin" | "editor" | "approver" | "viewer"; businessId: string }) {
  return (await signAccessToken(user)).token;
}
