import type { Metadata } from "next";
import { FrontPageView } from "@/components/shop/front-page-view";
import { pageMetadata } from "@/lib/pages/page-head";
import { getPageViewer } from "@/lib/pages/viewer";
import { FRONT_PAGE_HEAD } from "@/lib/shops/public-page-heads";
import { frontPageData } from "@/lib/shops/public-pages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = pageMetadata(FRONT_PAGE_HEAD);

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/` for a signed-in member (a visitor's copy, without script, is pages/visitor/index.tsx). */
export default async function FrontPage({ searchParams }: Props) {
  const [data, viewer] = await Promise.all([frontPageData(await searchParams), getPageViewer()]);
  return <FrontPageView role={viewer?.actor.role ?? null} {...data} />;
}
