import type { GetServerSideProps } from "next";
import { StaticPage } from "@/components/layout/static-page";
import { ProductView } from "@/components/shop/product-view";
import { StaticShopNotFound } from "@/components/shop/static-shop-not-found";
import { segment, staticPageProps, type StaticPageProps } from "@/lib/pages/static-page";
import { shopProductHead } from "@/lib/shops/public-page-heads";
import { shopProductData } from "@/lib/shops/public-pages";
import type { ShopProductDetail } from "@/lib/shops/schemas";

export const config = { runtime: "nodejs", unstable_runtimeJS: false };

type Data = { detail: ShopProductDetail; image: string | null };

export const getServerSideProps: GetServerSideProps<StaticPageProps<Data>> = (context) =>
  staticPageProps(context, async () => {
    const image = context.query.image;
    return { detail: await shopProductData(segment(context, "slug"), segment(context, "product")), image: (Array.isArray(image) ? image[0] : image) ?? null };
  });

/** /shop/<slug>/<product id> for a visitor, without script (a member's copy is app/(site)/shop/[slug]/[product]/page.tsx). */
export default function VisitorProductPage(props: StaticPageProps<Data>) {
  if (!props.found) return <StaticShopNotFound />;
  return (
    <StaticPage head={shopProductHead(props.data.detail, props.base ?? undefined)}>
      <ProductView detail={props.data.detail} signedIn={false} image={props.data.image ?? undefined} />
    </StaticPage>
  );
}
