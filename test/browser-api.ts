import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTokens } from "@/lib/api-client";
import { api, bare } from "@/lib/axios-client";

/**
 * The browser's HTTP client (lib/api-client.ts) pointed at a small server of the test's own, holding
 * an access token, so a hook's mutation runs as in a tab: its request answered by `answer`, then its
 * cache updates. `stop()` puts the client back as it was.
 */
export async function browserApi(answer: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: { method: string; url: string }[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "" });
    request.resume();
    request.on("end", () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const before = { api: { ...api.defaults }, bare: { ...bare.defaults } };
  // Node's HTTP adapter by name: another test file may have swapped axios's default adapter for a fake.
  for (const client of [api, bare]) Object.assign(client.defaults, { baseURL, adapter: "http" });
  setTokens({ access: "browser-token", refresh: null });
  return {
    requests,
    stop: async () => {
      setTokens(null);
      Object.assign(api.defaults, { baseURL: before.api.baseURL, adapter: before.api.adapter });
      Object.assign(bare.defaults, { baseURL: before.bare.baseURL, adapter: before.bare.adapter });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
