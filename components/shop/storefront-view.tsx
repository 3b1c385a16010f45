import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/format";
import { shopHref, shopListHref, type ShopListState } from "@/lib/shops/links";
import { pictureOf } from "@/lib/shops/pictures";
import type { ShopProductPage } from "@/lib/shops/schemas";
import { ShopProductCard } from "./shop-product-card";
import { StorefrontFilters } from "./storefront-filters";
import { StorefrontPagination } from "./storefront-pagination";

export type StorefrontList = Omit<ShopProductPage, "next" | "previous">;

// The cards above the fold on a wide screen load at once; the rest lazily.
const EAGER_CARDS = 6;

function summary(list: StorefrontList, state: ShopListState): string {
  const products = list.count === 1 ? "1 product" : `${formatCount(list.count)} products`;
  const parts = [list.count === 0 ? "No products" : products];
  if (state.q) parts.push(`matching “${state.q}”`);
  if (state.category) parts.push(`in ${state.category}`);
  return parts.join(" ");
}

/**
 * A storefront page: the filters, the result count, the grid and the pages. A page past the end
 * says so and links to the last page rather than showing an empty grid under "Page 9 of 3".
 */
export function StorefrontView({ list, state, ignored }: { list: StorefrontList; state: ShopListState; ignored: string[] }) {
  const { slug, name } = list.business;
  const pastTheEnd = list.count > 0 && list.page > list.lastPage;
  const filtered = Boolean(state.q || state.category || state.minPrice || state.maxPrice || state.inStock);
  return (
    // A business's or product's name, a search or a category as long as the fields allow wraps anywhere rather than widen the page on a phone.
    <div className="space-y-6 [overflow-wrap:anywhere]">
      <header className="space-y-1">
        <p className="text-sm text-fg-muted">
          <Link href="/" className="focus-ring rounded-sm hover:underline">
            Storefronts
          </Link>{" "}
          <span aria-hidden="true">/</span>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight text-fg sm:text-3xl">{name}</h1>
      </header>

      {ignored.length > 0 ? (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-200">
          Some filters in the address could not be read and were ignored: {ignored.join(", ")}.
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-8">
        <aside className="rounded-lg border border-border bg-surface p-4 shadow-sm lg:self-start">
          <StorefrontFilters slug={slug} state={state} categories={list.categories} />
        </aside>

        <section aria-labelledby="shop-results" className="space-y-4">
          <h2 id="shop-results" className="text-sm font-medium text-fg-muted" aria-live="polite">
            {summary(list, state)}
          </h2>

          {pastTheEnd ? (
            <EmptyState
              title="No more products"
              description={`This list ends on page ${formatCount(list.lastPage)}; there is no page ${formatCount(list.page)}.`}
              action={
                <Link href={shopListHref(slug, { ...state, page: list.lastPage })} className={buttonClasses()}>
                  Go to page {formatCount(list.lastPage)}
                </Link>
              }
            />
          ) : list.results.length === 0 ? (
            <EmptyState
              title={filtered ? "No products match" : "No products yet"}
              description={filtered ? "Try fewer words, another category or a wider price range." : `${name} has not published any products yet.`}
              action={
                filtered ? (
                  <Link href={shopHref(slug)} className={buttonClasses({ variant: "secondary" })}>
                    Clear filters
                  </Link>
                ) : undefined
              }
            />
          ) : (
            <ul aria-label="Products" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-3">
              {list.results.map((product, index) => {
                const image = product.images[0];
                return (
                  <ShopProductCard
                    key={product.id}
                    slug={slug}
                    product={product}
                    eager={index < EAGER_CARDS}
                    picture={image ? pictureOf({ productId: product.id, image, wanted: 480 }) : null}
                  />
                );
              })}
            </ul>
          )}

          {pastTheEnd ? null : <StorefrontPagination slug={slug} state={state} page={list.page} lastPage={list.lastPage} />}
        </section>
      </div>
    </div>
  );
}
