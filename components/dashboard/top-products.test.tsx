import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TopProducts } from "./top-products";

const lampId = "7d3b6f0e-8a3c-4c55-9d1e-2f1a5b6c7d8e";

describe("TopProducts", () => {
  it("links a live product and names a deleted one without a link, in both lists", () => {
    const html = renderToStaticMarkup(
      <TopProducts
        top={{
          byPurchases: [{ productId: null, name: "Wool rug", purchases: 1, quantity: 1, revenue: "3.00" }],
          byMentions: [
            { productId: null, name: "Wool rug", mentions: 2 },
            { productId: null, name: "Wool rug", mentions: 1 },
            { productId: lampId, name: "Brass lamp", mentions: 1 },
          ],
        }}
      />,
    );
    expect(html.match(/href="[^"]*"/g)).toEqual([`href="/products/${lampId}"`]);
    expect(html.match(/Wool rug <span class="text-xs text-fg-muted">\(deleted\)<\/span>/g)).toHaveLength(3);
  });
});
