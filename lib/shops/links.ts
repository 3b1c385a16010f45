import type { ShopSort } from "./schemas";

/** The storefront list's state as it appears in its URL: only what differs from the defaults. */
export type ShopListState = {
  q?: string;
  category?: string;
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
  sort?: ShopSort;
  page?: number;
};

export function shopHref(slug: string): string {
  return `/shop/${encodeURIComponent(slug)}`;
}

export function shopProductHref(input: { slug: string; productId: string }): string {
  return `${shopHref(input.slug)}/${encodeURIComponent(input.productId)}`;
}

/** /shop/<slug>?… with the given state; defaults (relevance, all stock, page 1, empty fields) are left out. */
export function shopListHref(slug: string, state: ShopListState): string {
  const search = new URLSearchParams();
  if (state.q) search.set("q", state.q);
  if (state.category) search.set("category", state.category);
  if (state.minPrice) search.set("minPrice", state.minPrice);
  if (state.maxPrice) search.set("maxPrice", state.maxPrice);
  if (state.inStock) search.set("inStock", "true");
  if (state.sort && state.sort !== "relevance") search.set("sort", state.sort);
  if (state.page && state.page > 1) search.set("page", String(state.page));
  const query = search.toString();
  return query ? `${shopHref(slug)}?${query}` : shopHref(slug);
}
