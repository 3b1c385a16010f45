import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ProductView } from "@/components/shop/product-view";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { imageUrl, pickWidth } from "@/lib/images/queries";
import { getPageViewer } from "@/lib/pages/viewer";
import { shopProductHref } from "@/lib/shops/links";
import { getShopProduct } from "@/lib/shops/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; product: string }> };

/** One load per request, shared by the metadata and the page. */
const loadProduct = cache(async (slug: string, productId: string) => {
  try {
    return await getShopProduct({ slug, productId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

/** The first words of a Markdown description as plain text, for search results and link previews. */
function plainSummary(markdown: string): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[\s>#*+-]+/gm, "")
    .replace(/[*_`~|]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 200 ? `${text.slice(0, 197).trimEnd()}…` : text;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, product: productId } = await params;
  const { business, product } = await loadProduct(slug, productId);
  const title = `${product.name} — ${business.name}`;
  const description = plainSummary(product.description);
  const image = product.images[0];
  const base = env().NEXTAUTH_URL;
  const url = shopProductHref({ slug: business.slug, productId: product.id });
  return {
    title,
    description,
    ...(base ? { metadataBase: new URL(base) } : {}),
    alternates: { canonical: url },
    openGraph: {
      type: "website",
      title,
      description,
      url,
      images: image ? [{ url: imageUrl({ productId: product.id, imageId: image.id, width: pickWidth(image.widths, 1200) }), alt: image.alt }] : undefined,
    },
  };
}

/** /shop/<slug>/<product id>: one approved product of a storefront. */
export default async function ShopProductPage({ params }: Props) {
  const { slug, product } = await params;
  const [detail, viewer] = await Promise.all([loadProduct(slug, product), getPageViewer()]);
  return <ProductView detail={detail} signedIn={viewer !== null} />;
}
