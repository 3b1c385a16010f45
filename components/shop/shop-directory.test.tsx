import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ShopDirectory } from "./shop-directory";

/** The mark beside each storefront's name, in order. */
function marks(names: string[]): string[] {
  const shops = names.map((name, index) => ({ name, slug: `shop-${index}`, productCount: 1 }));
  const html = renderToStaticMarkup(<ShopDirectory shops={shops} page={1} lastPage={1} />);
  return [...html.matchAll(/<span aria-hidden="true"[^>]*>([^<]*)<\/span>/g)].map((match) => match[1]!);
}

describe("ShopDirectory", () => {
  it("marks each storefront with the first character of its name as a reader sees it", () => {
    // An emoji is two UTF-16 units (half of one is sent as U+FFFD), a flag four, "é" may be e + an accent.
    expect(marks(["acme", "🌮 Taco Town", "🇫🇷 Paris Deli", "e\u0301clair bakery", "  ", "Ωmega"])).toEqual(["A", "🌮", "🇫🇷", "E\u0301", "?", "Ω"]);
  });
});
