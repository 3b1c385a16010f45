import type { Metadata } from "next";
import Link from "next/link";
import { CatalogCard } from "@/components/products/catalog-card";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/format";
import { publicListQuerySchema } from "@/lib/products/schemas";
import { firstParam, type PageSearchParams } from "@/lib/pages/search-params";
import { listPublicProducts } from "@/lib/products/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalog" };

const PAGE_SIZE = 12;

type SearchParams = Promise<PageSearchParams>;

/**
 * /catalog: every business's approved products in one list, rendered on the server from the same
 * service as GET /api/products, so it works signed out and without JavaScript (the search box is a
 * plain GET form). Each product names its seller and links to its storefront page.
 */
export default async function CatalogPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const q = (firstParam(params.q) ?? "").slice(0, 200);
  const parsed = publicListQuerySchema.safeParse({ q: q || undefined, page: firstParam(params.page), pageSize: PAGE_SIZE });
  const query = parsed.success ? parsed.data : publicListQuerySchema.parse({ q: q || undefined, pageSize: PAGE_SIZE });
  const { count, countCapped, results } = await listPublicProducts(query);
  const pageCount = Math.max(1, Math.ceil(count / query.pageSize));
  const href = (page: number) => {
    const search = new URLSearchParams();
    if (q) search.set("q", q);
    if (page > 1) search.set("page", String(page));
    const text = search.toString();
    return text ? `/catalog?${text}` : "/catalog";
  };

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Product catalog</h1>
        <p className="text-sm text-fg-muted">
          Every storefront&apos;s products in one place. Members of a business buy on its storefront and ask its assistant.
        </p>
      </header>

      <form role="search" action="/catalog" method="get" className="flex max-w-xl gap-2">
        <label htmlFor="catalog-search" className="sr-only">
          Search products
        </label>
        <input
          id="catalog-search"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={200}
          placeholder="Search products…"
          className="focus-ring h-10 w-full rounded-lg border border-border-strong/60 bg-surface px-3 text-sm text-fg"
        />
        <button type="submit" className={buttonClasses()}>
          Search
        </button>
      </form>

      <p className="text-sm text-fg-muted [overflow-wrap:anywhere]" aria-live="polite">
        {countCapped ? `${formatCount(count)}+ products` : count === 1 ? "1 product" : `${formatCount(count)} products`}
        {q ? ` matching “${q}”` : ""}
      </p>

      {results.length === 0 && count > 0 ? (
        <EmptyState
          title="No more products"
          description={`This list ends on page ${formatCount(pageCount)}.`}
          action={
            <Link href={href(pageCount)} className={buttonClasses({ variant: "secondary" })}>
              Go to page {formatCount(pageCount)}
            </Link>
          }
        />
      ) : results.length === 0 ? (
        <EmptyState
          title={q ? "No products match your search" : "No products yet"}
          description={q ? "Try fewer or shorter words." : "Approved products will appear here."}
          action={
            q ? (
              <Link href="/catalog" className={buttonClasses({ variant: "secondary" })}>
                Clear search
              </Link>
            ) : undefined
          }
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Products">
          {results.map((product) => (
            <CatalogCard key={product.id} product={product} />
          ))}
        </ul>
      )}

      {pageCount > 1 && query.page <= pageCount ? (
        <nav aria-label="Pagination" className="flex items-center justify-between gap-4">
          {query.page > 1 ? (
            <Link href={href(query.page - 1)} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <p className="text-sm text-fg-muted">
            Page {query.page} of {pageCount}
          </p>
          {query.page < pageCount ? (
            <Link href={href(query.page + 1)} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
