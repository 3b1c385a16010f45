import Head from "next/head";
import { documentTitle, SITE_ICONS, type PageHead } from "@/lib/pages/page-head";

function absolute(url: string, base: string | undefined): string {
  return base ? new URL(url, base).href : url;
}

/**
 * A visitor's page's `<head>` under the Pages Router: the tags Next's metadata API writes for the same
 * PageHead under the App Router (title, description, canonical link, robots, Open Graph and its Twitter
 * twin, the icons), so both copies of a page read the same to search engines and link previews.
 */
export function StaticPageHead({ head }: { head: PageHead }) {
  const url = head.path ? absolute(head.path, head.base) : undefined;
  const image = head.image ? { url: absolute(head.image.url, head.base), alt: head.image.alt } : undefined;
  const preview = Boolean(head.path || head.image);
  return (
    <Head>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{documentTitle(head)}</title>
      <meta name="description" content={head.description} />
      {head.noindex ? <meta name="robots" content="noindex" /> : null}
      {url ? <link rel="canonical" href={url} /> : null}
      {preview ? <meta property="og:title" content={head.title} /> : null}
      {preview ? <meta property="og:description" content={head.description} /> : null}
      {preview && url ? <meta property="og:url" content={url} /> : null}
      {image ? <meta property="og:image" content={image.url} /> : null}
      {image ? <meta property="og:image:alt" content={image.alt} /> : null}
      {preview ? <meta property="og:type" content="website" /> : null}
      {preview ? <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} /> : null}
      {preview ? <meta name="twitter:title" content={head.title} /> : null}
      {preview ? <meta name="twitter:description" content={head.description} /> : null}
      {image ? <meta name="twitter:image" content={image.url} /> : null}
      {image ? <meta name="twitter:image:alt" content={image.alt} /> : null}
      {SITE_ICONS.icon.map((icon) => (
        <link key={icon.url} rel="icon" href={icon.url} {...("sizes" in icon ? { sizes: icon.sizes } : { type: icon.type })} />
      ))}
      <link rel="apple-touch-icon" href={SITE_ICONS.apple} />
    </Head>
  );
}
