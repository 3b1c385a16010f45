import type { GetServerSideProps } from "next";
import { StaticPage } from "@/components/layout/static-page";
import { StaticShopNotFound } from "@/components/shop/static-shop-not-found";
import { StorefrontView } from "@/components/shop/storefront-view";
import { segment, staticPageProps, type StaticPageProps } from "@/lib/pages/static-page";
import { storefrontHead } from "@/lib/shops/public-page-heads";
import { storefrontData, type StorefrontData } from "@/lib/shops/public-pages";

export const config = { runtime: "nodejs", unstable_runtimeJS: false };


export const getServerSideProps: GetServerSideProps<StaticPageProps<StorefrontData>> = (context) =>
  staticPageProps(context, () => storefrontData(segment(context, "slug"), context.query));

/** /shop/<slug> for a visitor, without script (a member's copy is app/(site)/shop/[slug]/page.tsx). */
export default function VisitorStorefrontPage(props: StaticPageProps<StorefrontData>) {
  if (!props.found) return <StaticShopNotFound />;
  const { list, query, ignored } = props.data;
  const { q, category, minPrice, maxPrice, inStock, sort, page } = query;
  return (
    <StaticPage head={storefrontHead(props.data, props.base ?? undefined)}>
      <StorefrontView list={list} state={{ q, category, minPrice, maxPrice, inStock, sort, page }} ignored={ignored} />
    </StaticPage>
  );
}
