import { firstParam } from "@/lib/pages/search-params";
import { shopProductsQuerySchema, type ShopProductsQuery } from "./schemas";

/** How many products a storefront page shows. */
export const STOREFRONT_PAGE_SIZE = 20;

type SearchParams = Record<string, string | string[] | undefined>;

/** What a field of the storefront's URL is called on the page, for "… were ignored". */
const LABELS: Record<string, string> = {
  q: "search",
  category: "category",
  minPrice: "min price",
  maxPrice: "max price",
  inStock: "in stock",
  sort: "sort",
  page: "page",
};

/**
 * The storefront's query from a page's search params: the same schema as the API, a fixed page
 * size, and a field that does not parse (a hand-edited `?minPrice=cheap`) dropped and named rather
 * than failing the whole page.
 */
export function storefrontQuery(params: SearchParams): { query: ShopProductsQuery; ignored: string[] } {
  const values: Record<string, string> = {};
  const ignored: string[] = [];
  for (const key of Object.keys(LABELS)) {
    const given = params[key];
    const first = firstParam(given);
    if (first !== undefined) values[key] = first;
    else if (given !== undefined && given.length > 0) ignored.push(LABELS[key] ?? key);
  }
  inOrder(values);
  for (let attempt = 0; attempt <= Object.keys(LABELS).length; attempt++) {
    const parsed = shopProductsQuerySchema.safeParse({ ...values, pageSize: STOREFRONT_PAGE_SIZE });
    if (parsed.success) return { query: parsed.data, ignored };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (key in values) {
        delete values[key];
        ignored.push(LABELS[key] ?? key);
      }
    }
  }
  return { query: shopProductsQuerySchema.parse({ pageSize: STOREFRONT_PAGE_SIZE }), ignored };
}

/**
 * A price range typed the wrong way round (min 500, max 100) is the range the shopper meant, not an empty
 * page (the API refuses it instead): put in order before the schema sees it.
 */
function inOrder(values: Record<string, string>): void {
  const { minPrice, maxPrice } = values;
  if (minPrice === undefined || maxPrice === undefined || !(Number(minPrice) > Number(maxPrice))) return;
  values.minPrice = maxPrice;
  values.maxPrice = minPrice;
}
