import { imageUrl, pickWidth } from "@/lib/images/schemas";
import type { PageHead } from "@/lib/pages/page-head";
import { startWithin } from "@/lib/text-start";
import { shopHref, shopProductHref } from "./links";
import type { ShopProductDetail } from "./schemas";
import type { StorefrontData } from "./public-pages";

/*
 * What the public pages say about themselves (lib/pages/page-head.ts), from their data: plain functions,
 * so a visitor's page without script can render them without the data layer (lib/shops/public-pages.ts).
 * `base` is NEXTAUTH_URL, where link previews resolve addresses.
 */

export const FRONT_PAGE_HEAD: PageHead = {
  title: "Product Assistant — catalogs, approvals, storefronts and an AI assistant",
  absoluteTitle: true,
  description:
    "Run your product catalog with approvals, publish a storefront, and give your people an AI assistant that answers from your own products.",
};

export function storefrontHead({ list }: StorefrontData, base: string | undefined): PageHead {
  const { name, slug } = list.business;
  const first = list.results.find((product) => product.images.length > 0);
  const image = first?.images[0];
  const description =
    list.results.length > 0
      ? `Shop ${name}: ${list.results
          .slice(0, 3)
          .map((product) => product.name)
          .join(", ")}${list.count > 3 ? " and more" : ""}.`
      : `The storefront of ${name}.`;
  return {
    title: name,
    description,
    path: shopHref(slug),
    // A page past the end is not a page for search engines to keep.
    noindex: list.page > list.lastPage,
    image: image && first ? { url: imageUrl({ productId: first.id, imageId: image.id, width: pickWidth(image.widths, 1200) }), alt: image.alt } : undefined,
    base,
  };
}

const SUMMARY_MAX = 200;

/** The first words of a Markdown description as plain text, for search results and link previews. */
export function plainSummary(markdown: string): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[\s>#*+-]+/gm, "")
    .replace(/[*_`~|]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > SUMMARY_MAX ? `${startWithin(text, SUMMARY_MAX - 3).trimEnd()}…` : text;
}

export function shopProductHead({ business, product }: ShopProductDetail, base: string | undefined): PageHead {
  const image = product.images[0];
  return {
    title: `${product.name} — ${business.name}`,
    description: plainSummary(product.description),
    path: shopProductHref({ slug: business.slug, productId: product.id }),
    image: image ? { url: imageUrl({ productId: product.id, imageId: image.id, width: pickWidth(image.widths, 1200) }), alt: image.alt } : undefined,
    base,
  };
}
