import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { StorefrontView } from "@/components/shop/storefront-view";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { imageUrl, pickWidth } from "@/lib/images/queries";
import { shopHref } from "@/lib/shops/links";
import { storefrontQuery } from "@/lib/shops/page-query";
import { listShopProducts } from "@/lib/shops/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One load per request, shared by the metadata and the page (React's cache keys on these strings). */
const loadStorefront = cache(async (slug: string, search: string) => {
  const { query, ignored } = storefrontQuery(Object.fromEntries(new URLSearchParams(search)));
  try {
    return { list: await listShopProducts({ slug, ...query }), query, ignored };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

async function load(props: Props) {
  const [{ slug }, searchParams] = await Promise.all([props.params, props.searchParams]);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) search.set(key, first);
  }
  search.sort();
  return loadStorefront(slug, search.toString());
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { list } = await load(props);
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
  const base = env().NEXTAUTH_URL;
  return {
    title: name,
    description,
    ...(base ? { metadataBase: new URL(base) } : {}),
    alternates: { canonical: shopHref(slug) },
    // A page past the end is not a page for search engines to keep.
    robots: list.page > list.lastPage ? { index: false } : undefined,
    openGraph: {
      type: "website",
      title: name,
      description,
      url: shopHref(slug),
      images: image && first ? [{ url: imageUrl({ productId: first.id, imageId: image.id, width: pickWidth(image.widths, 1200) }), alt: image.alt }] : undefined,
    },
  };
}

/** /shop/<slug>: a business's storefront, rendered on the server from the same service as GET /api/shops/:slug/products. */
export default async function StorefrontPage(props: Props) {
  const { list, query, ignored } = await load(props);
  const { q, category, minPrice, maxPrice, inStock, sort, page } = query;
  return <StorefrontView list={list} state={{ q, category, minPrice, maxPrice, inStock, sort, page }} ignored={ignored} />;
}
