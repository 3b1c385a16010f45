import type { Metadata } from "next";
import { LoginPageView } from "@/components/auth/login-page-view";
import { LOGIN_HEAD, loginPageQuery } from "@/lib/auth/login-page";
import { pageMetadata } from "@/lib/pages/page-head";
import type { PageSearchParams } from "@/lib/pages/search-params";

export const metadata: Metadata = pageMetadata(LOGIN_HEAD);

type Props = { searchParams: Promise<PageSearchParams> };

/** /login reached inside the app (a visitor's first load gets pages/visitor/login.tsx, without the App Router's client). */
export default async function LoginPage({ searchParams }: Props) {
  return <LoginPageView {...loginPageQuery(await searchParams)} />;
}
