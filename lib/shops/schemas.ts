import { z } from "zod";
import type { Page } from "@/lib/pagination";
import { pageQuery } from "@/lib/pagination-query";
import { publicListQueryFields, refusePriceRangeOutOfOrder, type PublicListQuery, type PublicProductDto } from "@/lib/products/schemas";

/**
 * One storefront's list: the public catalog's filters and sorts (GET /api/products), scoped by the
 * storefront's slug instead of `?business=`, so both lists mean the same by each parameter.
 */
export const shopProductsQuerySchema = z.preprocess(
  // The storefront's filter form submits every field; an empty one means "not given".
  (value) => (value && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([, item]) => item !== "")) : value),
  publicListQueryFields.omit({ business: true }).superRefine(refusePriceRangeOutOfOrder),
);
export type ShopProductsQuery = z.infer<typeof shopProductsQuerySchema>;

export type ShopSort = PublicListQuery["sort"];

/** The sorts in the order a shopper is offered them, with their labels. */
export const SHOP_SORTS = [
  { value: "relevance", label: "Relevance" },
  { value: "newest", label: "Newest" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
] as const satisfies readonly { value: ShopSort; label: string }[];

export const shopDirectoryQuerySchema = z.object({ ...pageQuery });
export type ShopDirectoryQuery = z.infer<typeof shopDirectoryQuerySchema>;

/**
 * Whether a path segment can be a storefront's slug at all (every slug ever made is lowercase
 * letters, digits and hyphens); anything else is answered 404 before any query runs.
 */
export function couldBeShopSlug(value: unknown): value is string {
  return typeof value === "string" && /^[a-z0-9-]{1,100}$/.test(value);
}

/** How a storefront is named and reached: /shop/<slug>. */
export type ShopRef = { name: string; slug: string };

/** GET /api/shops: one storefront of the directory. */
export type ShopDirectoryEntry = ShopRef & { productCount: number };

/** GET /api/shops/:slug: what anyone may know of a business — its name, address, assistant and size. */
export type ShopCard = ShopRef & { assistantName: string; productCount: number; listed: boolean };

/** A category of the storefront and how many of its products match the current search and filters (category aside). */
export type ShopCategory = { name: string; count: number };

/** One product of a storefront (or the whole catalog): the public fields and the live gallery. */
export type ShopProductDto = PublicProductDto;

/**
 * GET /api/shops/:slug/products. The list envelope plus where it stands: `page` past `lastPage`
 * (still a 200) has no results and says so through `count` and `lastPage`, so a client can offer
 * the last page instead of an empty one.
 */
export type ShopProductPage = Page<ShopProductDto> & {
  page: number;
  pageSize: number;
  lastPage: number;
  business: ShopRef;
  categories: ShopCategory[];
};

/** GET /api/shops/:slug/products/:product: one approved product and the storefront it belongs to. */
export type ShopProductDetail = { business: ShopRef; product: ShopProductDto };

/** The number of pages `count` items fill, at least 1 (an empty list still has its first page). */
export function lastPageOf(input: { count: number; pageSize: number }): number {
  return Math.max(1, Math.ceil(input.count / input.pageSize));
}
