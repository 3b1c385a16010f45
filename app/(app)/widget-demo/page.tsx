import type { Metadata } from "next";
import { headers } from "next/headers";
import { DemoShopper } from "@/components/widget/demo-shopper";
import { DEMO_PUBLISHABLE_KEY } from "@/lib/demo/widget-key";
import { formatMoney } from "@/lib/money";
import { pageApiUrl } from "@/lib/pages/prefetch";
import { getEmbeddableKey } from "@/lib/widget/embed";

export const metadata: Metadata = { title: "Widget demo shop" };

const FEATURED = [
  { name: "Standing Desk", price: "549.00", blurb: "Electric sit-stand desk with an oak top and four memory presets." },
  { name: "Ergonomic Office Chair", price: "329.00", blurb: "Mesh back, adjustable lumbar support and 4D armrests." },
  { name: "27-inch 4K Monitor", price: "429.00", blurb: "IPS panel with USB-C and 90 W power delivery." },
  { name: "Noise-Cancelling Headphones", price: "279.00", blurb: "Adaptive noise cancelling and a 30-hour battery." },
  { name: "Desk Lamp", price: "79.00", blurb: "Adjustable colour temperature, wireless charger in the base." },
  { name: "Mechanical Keyboard", price: "139.00", blurb: "Tenkeyless, hot-swappable tactile switches." },
];

/**
 * A plain shop page with the widget embedded the way a business would do it, using the demo
 * business's publishable key (loaded by the demo seed for http://localhost:3000, 127.0.0.1:3000 and the
 * app's own address). Where the key does not allow this page's address, the browser refuses to show the
 * widget's frame without a word, so the page says why and what to change.
 */
export default async function WidgetDemoPage() {
  // The page's CSP admits scripts by nonce only; a business's own page would not need one.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const pageOrigin = (await pageApiUrl("/")).origin;
  const demoKey = await getEmbeddableKey({ key: DEMO_PUBLISHABLE_KEY }).catch(() => null);
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-4 border-b border-border pb-6">
        <div className="space-y-1">
          <p className="text-sm font-medium text-accent-fg">Demo Outfitters</p>
          <h1 className="text-3xl font-semibold tracking-tight text-fg">Everything for a better workspace</h1>
          <p className="max-w-xl text-sm text-fg-muted">
            A stand-in for a business&rsquo;s own website. The chat button in the corner is the embeddable widget: one script tag, no
            framework.
          </p>
        </div>
        <DemoShopper />
      </header>

      {demoKey === null || !demoKey.allowedOrigins.includes(pageOrigin) ? (
        <p role="note" data-testid="widget-demo-blocked" className="rounded-lg border border-border-strong bg-warning-soft p-3 text-sm text-warning-fg">
          {demoKey === null
            ? "The chat button cannot open here: the demo's publishable key is not loaded, or it was revoked. Start the app with its demo data, or embed a key of your own (Settings → API keys)."
            : `The chat button cannot open at ${pageOrigin}: the demo key allows the widget only on ${demoKey.allowedOrigins.join(", ")}. Open this page there, or add ${pageOrigin} to the key’s allowed origins (Settings → API keys, “Website widget”).`}
        </p>
      ) : null}

      <section aria-labelledby="featured" className="space-y-4">
        <h2 id="featured" className="text-lg font-semibold text-fg">
          Featured
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURED.map((item) => (
            <li key={item.name} className="rounded-xl border border-border bg-surface p-4 shadow-sm">
              <p className="font-semibold text-fg">{item.name}</p>
              <p className="mt-1 text-sm text-fg-muted">{item.blurb}</p>
              <p className="mt-3 font-medium text-fg">{formatMoney(item.price)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="embed-it" className="space-y-2 rounded-xl border border-border bg-surface p-4 text-sm">
        <h2 id="embed-it" className="font-semibold text-fg">
          How this page embeds the assistant
        </h2>
        <pre className="rounded-md bg-surface-muted p-3 text-xs whitespace-pre-wrap [overflow-wrap:anywhere]">
          {`<script src="<this app's origin>/widget.js" data-key="${DEMO_PUBLISHABLE_KEY}" async></script>`}
        </pre>
        <p className="text-fg-muted">
          Then, once the shop knows who the visitor is: <code>ProductAssistant.identify({"{"} userIdentifier, userHash {"}"})</code>. Create
          your own publishable key under Settings → API keys, listing the origins of your pages.
        </p>
        <p className="text-fg-muted">
          To choose the model of the widget&rsquo;s conversations, add <code>data-model=&quot;anthropic:claude-haiku-4-5&quot;</code> (or{" "}
          <code>data-ai-provider=&quot;anthropic&quot;</code> for that provider&rsquo;s default) to the tag. A model this server does not
          offer is skipped, and your assistant&rsquo;s own model answers.
        </p>
      </section>

      <script src="/widget.js" data-key={DEMO_PUBLISHABLE_KEY} async nonce={nonce} />
    </div>
  );
}
