import type { AppProps } from "next/app";
import { StaticPageFailure } from "@/components/layout/static-page-failure";
import type { PageFailure } from "@/lib/pages/static-page";
import "../app/globals.css";

/**
 * The visitor's public pages (pages/visitor): the app's stylesheet, and in place of a page whose data
 * failed to load (lib/pages/static-page.ts), the app's own page saying so.
 */
export default function VisitorApp({ Component, pageProps }: AppProps<{ failure?: PageFailure }>) {
  if (pageProps.failure) return <StaticPageFailure reference={pageProps.failure.reference} />;
  return <Component {...pageProps} />;
}
