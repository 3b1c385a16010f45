/**
 * The chat route handlers behind a plain Node HTTP server, for the benchmarks: the same
 * handlers, services and database code as `next start`, without Next's router in front.
 * Each response carries `server-timing: app;dur=<ms>` (handler start → body complete).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import { POST as chatPost } from "@/app/api/chat/route";
import { GET as historyGet } from "@/app/api/chat/history/route";
import { GET as eventsGet } from "@/app/api/events/route";
import { POST as filesPost } from "@/app/api/chat/sessions/[id]/files/route";
import { POST as inboxReplyPost } from "@/app/api/inbox/[sessionId]/reply/route";
import { GET as limitsGet } from "@/app/api/products/limits/route";

type Handler = (request: NextRequest, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: Record<string, Handler> = {
  "POST /api/chat": chatPost as Handler,
  "GET /api/chat/history": historyGet as Handler,
  "GET /api/events": eventsGet as Handler,
  // A constant answer through the same wrapper and server, no database: the baseline of (b).
  "GET /api/products/limits": limitsGet as Handler,
};

/** Routes with a dynamic segment: the named groups are the route's params. */
const paramRoutes: { method: string; path: RegExp; handler: Handler }[] = [
  { method: "POST", path: /^\/api\/chat\/sessions\/(?<id>[^/]+)\/files$/, handler: filesPost as Handler },
  { method: "POST", path: /^\/api\/inbox\/(?<sessionId>[^/]+)\/reply$/, handler: inboxReplyPost as Handler },
];

function match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } | null {
  const handler = routes[`${method} ${pathname}`];
  if (handler) return { handler, params: {} };
  for (const candidate of paramRoutes) {
    const found = candidate.method === method ? candidate.path.exec(pathname) : null;
    if (found) return { handler: candidate.handler, params: { ...found.groups } };
  }
  return null;
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const matched = match(req.method ?? "GET", url.pathname);
  if (!matched) {
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
    return;
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new NextRequest(url, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: controller.signal,
    // Node's fetch needs duplex for a streamed request body.
    duplex: "half",
  });
  const response = await matched.handler(request, { params: Promise.resolve(matched.params) });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const streaming = (headers["content-type"] ?? "").includes("text/event-stream");
  if (!streaming) {
    const body = Buffer.from(await response.arrayBuffer());
    headers["server-timing"] = `app;dur=${(performance.now() - started).toFixed(3)}`;
    headers["content-length"] = String(body.length);
    res.writeHead(response.status, headers).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body!.getReader();
  controller.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}

const port = Number(process.env.BENCH_APP_PORT ?? 0);
const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal_error"}');
    else res.destroy();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === "object" && address ? address.port : port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
