import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { SITE_DESCRIPTION, SITE_ICONS, SITE_NAME } from "@/lib/pages/page-head";
import "./globals.css";

export const metadata: Metadata = {
  // documentTitle (lib/pages/page-head.ts) writes the same for the pages without script.
  title: { default: SITE_NAME, template: `%s · ${SITE_NAME}` },
  description: SITE_DESCRIPTION,
  icons: SITE_ICONS,
};

/*
 * Two shells sit below this one: app/(app)/layout.tsx, the app with its client state, for the
 * members' pages and the sign-in pages; app/(site)/layout.tsx for the public pages (the front page,
 * the catalog, the storefronts), which a visitor gets as server-rendered HTML without the app's client code.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so Next can stamp the CSP nonce
  // that proxy.ts puts on the request onto its own scripts.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
