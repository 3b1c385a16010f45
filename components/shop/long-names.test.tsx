import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import CatalogPage from "@/app/(site)/catalog/page";
import { CatalogCard } from "@/components/products/catalog-card";
import type { ShopProductDto } from "@/lib/shops/schemas";
import { createBusiness, createProduct } from "@/test/factories";
import { ProductView } from "./product-view";
import { StorefrontView } from "./storefront-view";

// A name, search or category may be one word as long as its field allows (200 or 100 characters): shown
// in a box that cannot break it, it widens the page past a phone's screen. Where the public pages show
// one, an element around it must let it wrap anywhere.
const WRAPS = /\[overflow-wrap:anywhere\]/;
const VOID = new Set(["img", "input", "br", "hr", "meta", "link", "source", "wbr"]);

/** The tags around each occurrence of `text` in the page's text (not its attributes) that nothing lets wrap. */
function unwrapped(html: string, text: string): string[] {
  const stack: { tag: string; wraps: boolean }[] = [];
  const found: string[] = [];
  for (const [, closing, tag, attributes = "", selfClosing, chunk] of html.matchAll(/<(\/?)([a-zA-Z0-9-]+)([^>]*?)(\/?)>|([^<]+)/g)) {
    if (chunk !== undefined) {
      if (chunk.includes(text) && !stack.some((open) => open.wraps)) found.push(stack.map((open) => open.tag).join(" > "));
    } else if (closing) {
      stack.pop();
    } else if (!selfClosing && !VOID.has(tag!)) {
      stack.push({ tag: tag!, wraps: WRAPS.test(attributes) });
    }
  }
  return found;
}

const productName = `Ultra${"x".repeat(195)}`;
const businessName = `Shop${"y".repeat(96)}`;
const category = `Cat${"z".repeat(97)}`;
const search = `q${"w".repeat(199)}`;

const product: ShopProductDto = {
  id: "7d3b6f0e-8a3c-4c55-9d1e-2f1a5b6c7d8e",
  businessId: "1f0c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
  name: productName,
  description: "A product.",
  price: "12.50",
  sku: null,
  category,
  stock: null,
  status: "approved",
  approvedAt: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  images: [],
};
const business = { name: businessName, slug: "long-shop" };

describe("the public pages with names as long as their fields allow", () => {
  it("wrap them on a storefront", () => {
    const html = renderToStaticMarkup(
      <StorefrontView
        list={{ count: 1, page: 1, pageSize: 20, lastPage: 1, business, categories: [{ name: category, count: 1 }], results: [product] }}
        state={{ q: search, category }}
        ignored={[]}
      />,
    );
    for (const text of [productName, businessName, search]) {
      expect(html).toContain(text);
      expect(unwrapped(html, text), text.slice(0, 5)).toEqual([]);
    }
  });

  it("wrap them on a product's page", () => {
    const html = renderToStaticMarkup(<ProductView detail={{ business, product }} signedIn={false} />);
    for (const text of [productName, businessName, category]) {
      expect(html).toContain(text);
      expect(unwrapped(html, text), text.slice(0, 5)).toEqual([]);
    }
  });

  it("wrap them in the catalog", async () => {
    const card = renderToStaticMarkup(<CatalogCard product={{ ...product, business }} />);
    for (const text of [productName, businessName, category]) {
      expect(card).toContain(text);
      expect(unwrapped(card, text), text.slice(0, 5)).toEqual([]);
    }
    const seller = await createBusiness({ name: businessName.slice(0, 60) });
    await createProduct({ businessId: seller.id, status: "approved", name: search });
    const page = renderToStaticMarkup(await CatalogPage({ searchParams: Promise.resolve({ q: search }) }));
    expect(unwrapped(page, search)).toEqual([]);
  });
});
