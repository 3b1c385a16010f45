import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { RouteFocus } from "@/components/layout/route-focus";
import { getBusiness } from "@/lib/business/service";
import { prefetchPageData } from "@/lib/pages/prefetch";
import { getPageViewer } from "@/lib/pages/viewer";
import { businessKeys, ME_QUERY_KEY } from "@/lib/query-keys";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Product Assistant", template: "%s · Product Assistant" },
  description: "Your product catalog, approvals and an AI assistant grounded in it.",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so Next can stamp the CSP nonce
  // that proxy.ts puts on the request onto its own scripts.
  await headers();
  const viewer = await getPageViewer();
  // What every signed-in page shows: the member and their balance, their business (the navigation's storefront link).
  const firstData = viewer
    ? await prefetchPageData([
        { key: ME_QUERY_KEY, load: async () => viewer.me },
        { key: businessKeys.business(), load: () => getBusiness(viewer.actor) },
      ])
    : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
        <Providers session={viewer?.session ?? null} firstData={firstData}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700"
          >
            Skip to content
          </a>
          <AppNav />
          <RouteFocus />
          <main id="main" className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
