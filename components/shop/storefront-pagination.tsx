import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { shopListHref, type ShopListState } from "@/lib/shops/links";

/** Previous / "Page x of y" / Next as links that keep the search and filters; only shown within the pages that exist. */
export function StorefrontPagination({ slug, state, page, lastPage }: { slug: string; state: ShopListState; page: number; lastPage: number }) {
  if (lastPage <= 1) return null;
  const link = "min-w-28";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-4">
      {page > 1 ? (
        <Link href={shopListHref(slug, { ...state, page: page - 1 })} rel="prev" className={buttonClasses({ variant: "secondary", size: "sm", className: link })}>
          <span aria-hidden="true">←</span> Previous
        </Link>
      ) : (
        <span className={link} />
      )}
      <p className="text-sm text-fg-muted">
        Page <span className="font-medium text-fg">{page}</span> of <span className="font-medium text-fg">{lastPage}</span>
      </p>
      {page < lastPage ? (
        <Link href={shopListHref(slug, { ...state, page: page + 1 })} rel="next" className={buttonClasses({ variant: "secondary", size: "sm", className: link })}>
          Next <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <span className={link} />
      )}
    </nav>
  );
}
