import { firstParam, type PageSearchParams } from "@/lib/pages/search-params";
import { storefrontQuery } from "./page-query";
import { lastPageOf, shopDirectoryQuerySchema, type ShopProductDetail } from "./schemas";
import { getShopProduct, listShopProducts, listShops } from "./service";

/*
 * The public pages' data, for both of their renderings: a member's copy under the App Router
 * (app/(site)) and a visitor's copy without script under the Pages Router (pages/visitor), which loads
 * it in getServerSideProps. A business or product that does not exist throws AppError("not_found");
 * each router answers that its own way. What the pages say about themselves: ./public-page-heads.ts.
 */

const DIRECTORY_PAGE_SIZE = 12;

/** `/`'s directory of storefronts, the page asked for (`?page=`; one that does not parse is the first). */
export async function frontPageData(searchParams: PageSearchParams) {
  const parsed = shopDirectoryQuerySchema.safeParse({ page: firstParam(searchParams.page), pageSize: DIRECTORY_PAGE_SIZE });
  const query = parsed.success ? parsed.data : shopDirectoryQuerySchema.parse({ pageSize: DIRECTORY_PAGE_SIZE });
  const { count, results } = await listShops(query);
  return { shops: results, page: query.page, lastPage: lastPageOf({ count, pageSize: query.pageSize }) };
}

/** A storefront's page of products from its URL's query (a field that does not parse is dropped and named). */
export async function storefrontData(slug: string, searchParams: PageSearchParams) {
  const { query, ignored } = storefrontQuery(searchParams);
  return { list: await listShopProducts({ slug, ...query }), query, ignored };
}

export type StorefrontData = Awaited<ReturnType<typeof storefrontData>>;

export async function shopProductData(slug: string, productId: string): Promise<ShopProductDetail> {
  return getShopProduct({ slug, productId });
}
