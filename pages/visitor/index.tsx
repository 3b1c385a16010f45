import type { GetServerSideProps } from "next";
import { StaticPage } from "@/components/layout/static-page";
import { FrontPageView } from "@/components/shop/front-page-view";
import { staticPageProps, type StaticPageProps } from "@/lib/pages/static-page";
import { FRONT_PAGE_HEAD } from "@/lib/shops/public-page-heads";
import { frontPageData } from "@/lib/shops/public-pages";

export const config = { runtime: "nodejs", unstable_runtimeJS: false };

type Data = Awaited<ReturnType<typeof frontPageData>>;

export const getServerSideProps: GetServerSideProps<StaticPageProps<Data>> = (context) => staticPageProps(context, () => frontPageData(context.query));

/** `/` for a visitor, without script (a member's copy is app/(site)/page.tsx). */
export default function VisitorFrontPage(props: StaticPageProps<Data>) {
  return <StaticPage head={FRONT_PAGE_HEAD}>{props.found ? <FrontPageView role={null} {...props.data} /> : null}</StaticPage>;
}
