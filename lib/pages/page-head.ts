import type { Metadata } from "next";

export const SITE_NAME = "Product Assistant";
export const SITE_DESCRIPTION = "Your product catalog, approvals and an AI assistant grounded in it.";

/** The favicon and app icons, in public/. */
export const SITE_ICONS = {
  icon: [
    { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
    { url: "/icon.svg", type: "image/svg+xml" },
  ],
  apple: "/apple-touch-icon.png",
};

/**
 * What a public page says about itself to browsers, search engines and link previews, described once
 * and rendered by either router: as Next's `Metadata` under the App Router (a member's copy of the
 * page), as `<head>` tags on a visitor's page without script (components/layout/static-page-head.tsx).
 */
export type PageHead = {
  title: string;
  /** The title as given, not followed by the product's name. */
  absoluteTitle?: boolean;
  description: string;
  /** The page's own address (the canonical link and the preview's URL), a path. */
  path?: string;
  /** A page search engines should not keep (a page past a list's end). */
  noindex?: boolean;
  /** The preview's picture. */
  image?: { url: string; alt: string };
  /** Where relative addresses resolve for link previews (lib/pages/preview-base.ts); without it they stay paths. */
  base?: string;
};

/** The document title as the root layout's template writes it. */
export function documentTitle(head: Pick<PageHead, "title" | "absoluteTitle">): string {
  return head.absoluteTitle ? head.title : `${head.title} · ${SITE_NAME}`;
}

/** The same for Next's metadata API (generateMetadata). */
export function pageMetadata(head: PageHead): Metadata {
  const preview = head.path || head.image;
  return {
    title: head.absoluteTitle ? { absolute: head.title } : head.title,
    description: head.description,
    ...(head.base ? { metadataBase: new URL(head.base) } : {}),
    ...(head.path ? { alternates: { canonical: head.path } } : {}),
    robots: head.noindex ? { index: false } : undefined,
    ...(preview
      ? {
          openGraph: {
            type: "website",
            title: head.title,
            description: head.description,
            ...(head.path ? { url: head.path } : {}),
            images: head.image ? [{ url: head.image.url, alt: head.image.alt }] : undefined,
          },
        }
      : {}),
  };
}

/** A page that names something that does not exist. */
export const NOT_FOUND_HEAD: PageHead = { title: "Not found", description: SITE_DESCRIPTION, noindex: true };
