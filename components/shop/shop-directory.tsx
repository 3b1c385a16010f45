import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/format";
import { shopHref } from "@/lib/shops/links";
import type { ShopDirectoryEntry } from "@/lib/shops/schemas";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** A storefront's mark: the first character of its name as a reader sees it (a whole emoji, a letter with its accent). */
function initialOf(name: string): string {
  const first = graphemes.segment(name.trim())[Symbol.iterator]().next();
  return first.done ? "?" : first.value.segment.toUpperCase();
}

/** The front page's directory of storefronts, with links to more pages of it. */
export function ShopDirectory({ shops, page, lastPage }: { shops: ShopDirectoryEntry[]; page: number; lastPage: number }) {
  if (shops.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        title={page > 1 ? "No more storefronts" : "No storefronts yet"}
        description={page > 1 ? "The directory ends on an earlier page." : "Storefronts appear here once a business publishes its first product."}
        action={
          page > 1 ? (
            <Link href={lastPage > 1 ? `/?page=${lastPage}#storefronts` : "/#storefronts"} className={buttonClasses({ variant: "secondary" })}>
              Back to the last page
            </Link>
          ) : undefined
        }
      />
    );
  }
  return (
    <div className="space-y-4">
      <ul aria-label="Storefronts" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {shops.map((shop) => (
          <li key={shop.slug} className="relative flex items-center gap-4 rounded-lg border border-border bg-surface p-4 shadow-sm transition-colors hover:border-border-strong">
            <span
              aria-hidden="true"
              className="flex size-12 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-lg font-semibold text-accent-fg"
            >
              {initialOf(shop.name)}
            </span>
            <div className="min-w-0">
              <h3 className="truncate text-base font-semibold text-fg">
                <Link href={shopHref(shop.slug)} className="focus-ring rounded-sm after:absolute after:inset-0 after:content-[''] hover:underline">
                  {shop.name}
                </Link>
              </h3>
              <p className="text-sm text-fg-muted">{shop.productCount === 1 ? "1 product" : `${formatCount(shop.productCount)} products`}</p>
            </div>
          </li>
        ))}
      </ul>
      {lastPage > 1 ? (
        <nav aria-label="More storefronts" className="flex items-center justify-between gap-4">
          {page > 1 ? (
            <Link href={page - 1 > 1 ? `/?page=${page - 1}#storefronts` : "/#storefronts"} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              <span aria-hidden="true">←</span> Previous
            </Link>
          ) : (
            <span />
          )}
          <p className="text-sm text-fg-muted">
            Page {page} of {lastPage}
          </p>
          {page < lastPage ? (
            <Link href={`/?page=${page + 1}#storefronts`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              Next <span aria-hidden="true">→</span>
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
