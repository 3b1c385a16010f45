import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { StorefrontView } from "@/components/shop/storefront-view";
import { AppError } from "@/lib/errors";
import { pageMetadata } from "@/lib/pages/page-head";
import { previewBase } from "@/lib/pages/preview-base";
import { storefrontHead } from "@/lib/shops/public-page-heads";
import { storefrontData } from "@/lib/shops/public-pages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One load per request, shared by the metadata and the page (React's cache keys on these strings). */
const loadStorefront = cache(async (slug: string, search: string) => {
  try {
    return await storefrontData(slug, Object.fromEntries(new URLSearchParams(search)));
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
  return pageMetadata(storefrontHead(await load(props), previewBase()));
}

/**
 * /shop/<slug> for a signed-in member (a visitor's copy, without script, is pages/visitor/shop/[slug]),
 * rendered on the server from the same service as GET /api/shops/:slug/products.
 */
export default async function StorefrontPage(props: Props) {
  const { list, query, ignored } = await load(props);
  const { q, category, minPrice, maxPrice, inStock, sort, page } = query;
  return <StorefrontView list={list} state={{ q, category, minPrice, maxPrice, inStock, sort, page }} ignored={ignored} />;
}
