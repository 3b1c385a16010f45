import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Another site's shop page for the widget journeys: a plain HTML page on an origin of its own that
 * embeds `<app>/widget.js` with a publishable key, the way a business would. `/?app=<app origin>&key=<pk>`.
 */
export type HostPage = { origin: string; url: (input: { app: string; key: string }) => string; close: () => Promise<void> };

const KEY = /^pk_[A-Za-z0-9_-]{43}$/;
const ORIGIN = /^http:\/\/127\.0\.0\.1:\d+$/;

function page(app: string, key: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Corner Desk Shop</title>
    <style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem; background: #f5f5f4; color: #1c1917; }</style>
  </head>
  <body>
    <main aria-label="Corner Desk Shop">
      <h1>Corner Desk Shop</h1>
      <p>Desks, chairs and lamps for small offices. Questions? Ask our assistant.</p>
    </main>
    <script src="${app}/widget.js" data-key="${key}" async></script>
  </body>
</html>`;
}

export async function startHostPage(): Promise<HostPage> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://host.invalid");
    const app = url.searchParams.get("app") ?? "";
    const key = url.searchParams.get("key") ?? "";
    if (url.pathname !== "/" || !ORIGIN.test(app) || !KEY.test(key)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page(app, key));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: ({ app, key }) => `${origin}/?${new URLSearchParams({ app, key })}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
