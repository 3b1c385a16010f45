import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Another site's shop page for the widget journeys: a plain HTML page on an origin of its own that
 * embeds `<app>/widget.js` with a publishable key, the way a business would. `/?app=<app origin>&key=<pk>`,
 * plus `&model=…` and `&provider=…` for the tag's data-model and data-ai-provider (any text a
 * business might type, malformed included, as long as it stays inside the attribute).
 */
export type HostPage = {
  origin: string;
  url: (input: { app: string; key: string; model?: string; provider?: string }) => string;
  close: () => Promise<void>;
};

const KEY = /^pk_[A-Za-z0-9_-]{43}$/;
const ORIGIN = /^http:\/\/127\.0\.0\.1:\d+$/;
/** What a test may put in data-model / data-ai-provider: nothing that could leave the attribute. */
const ATTRIBUTE = /^[A-Za-z0-9 ._:/@!-]{0,200}$/;

function page(app: string, key: string, choice: { model: string | null; provider: string | null }): string {
  const model = choice.model === null ? "" : ` data-model="${choice.model}"`;
  const provider = choice.provider === null ? "" : ` data-ai-provider="${choice.provider}"`;
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
    <script src="${app}/widget.js" data-key="${key}"${model}${provider} async></script>
  </body>
</html>`;
}

export async function startHostPage(): Promise<HostPage> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://host.invalid");
    const app = url.searchParams.get("app") ?? "";
    const key = url.searchParams.get("key") ?? "";
    const model = url.searchParams.get("model");
    const provider = url.searchParams.get("provider");
    const attributesOk = [model, provider].every((value) => value === null || ATTRIBUTE.test(value));
    if (url.pathname !== "/" || !ORIGIN.test(app) || !KEY.test(key) || !attributesOk) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page(app, key, { model, provider }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: ({ app, key, model, provider }) =>
      `${origin}/?${new URLSearchParams({ app, key, ...(model !== undefined ? { model } : {}), ...(provider !== undefined ? { provider } : {}) })}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
