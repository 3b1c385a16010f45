import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CatalogCard } from "./catalog-card";

const product = {
  id: "7d3b6f0e-8a3c-4c55-9d1e-2f1a5b6c7d8e",
  businessId: "1f0c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
  name: "Oak Desk",
  description: "## Features\n\n- **Solid** oak, _oiled_\n- See the [care guide](https://example.com/care)\n\n<b>Not HTML</b>",
  price: "1299.9",
  sku: null,
  category: "Furniture",
  stock: 0,
  status: "approved" as const,
  approvedAt: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  images: [],
  business: { name: "Acme", slug: "acme" },
};

describe("CatalogCard", () => {
  it("shows the description's words without its Markdown marks, as text, with the price and seller", () => {
    const html = renderToStaticMarkup(<CatalogCard product={product} />);
    const description = /<p class="mt-2[^"]*">([^<]*)<\/p>/.exec(html)?.[1];
    expect(description).toMatch(/^Features\n+Solid oak, oiled\nSee the care guide\n+&lt;b&gt;Not HTML&lt;\/b&gt;$/);
    expect(html).toContain("$1,299.90");
    expect(html).toContain('href="/shop/acme"');
    expect(html).toContain("Out of stock");
  });
});
