import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ProductView } from "@/components/shop/product-view";
import { AppError } from "@/lib/errors";
import { pageMetadata } from "@/lib/pages/page-head";
import { getPageViewer } from "@/lib/pages/viewer";
import { previewBase } from "@/lib/pages/preview-base";
import { shopProductHead } from "@/lib/shops/public-page-heads";
import { shopProductData } from "@/lib/shops/public-pages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; product: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One load per request, shared by the metadata and the page. */
const loadProduct = cache(async (slug: string, productId: string) => {
  try {
    return await shopProductData(slug, productId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, product } = await params;
  return pageMetadata(shopProductHead(await loadProduct(slug, product), previewBase()));
}

/** /shop/<slug>/<product id> for a signed-in member (a visitor's copy, without script, is pages/visitor/shop/[slug]/[product]). */
export default async function ShopProductPage({ params, searchParams }: Props) {
  const [{ slug, product }, { image }] = await Promise.all([params, searchParams]);
  const [detail, viewer] = await Promise.all([loadProduct(slug, product), getPageViewer()]);
  return <ProductView detail={detail} signedIn={viewer !== null} image={image} />;
}
