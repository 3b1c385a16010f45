import { getDb, type Database } from "@/db/client";
import { notFound } from "@/lib/errors";
import { listLiveImages } from "@/lib/images/queries";
import { pageWindow } from "@/lib/pagination";
import { getApprovedProductRow, toPrefixTsquery, toPublicProductDto, type ProductRow } from "@/lib/products/queries";
import {
  countApprovedProducts,
  countShopProductsByCategory,
  getShopBySlug,
  listListedShops,
  listShopCategoryNames,
  listShopProductRows,
  type ShopRow,
} from "./queries";
import {
  couldBeShopSlug,
  lastPageOf,
  type ShopCard,
  type ShopCategory,
  type ShopDirectoryEntry,
  type ShopDirectoryQuery,
  type ShopProductDetail,
  type ShopProductDto,
  type ShopProductPage,
  type ShopProductsQuery,
  type ShopRef,
} from "./schemas";

// Storefronts are public: no caller, no permission. What they show is what the public catalog
// shows (approved products, public fields), one business at a time.

/** From this many rows in, a page is only read once the count confirms it exists (page 101 of 20-item pages). */
const DEEP_OFFSET = 2000;

async function requireShop(db: Database, slug: string): Promise<ShopRow> {
  const shop = couldBeShopSlug(slug) ? await getShopBySlug(db, { slug }) : null;
  if (!shop) throw notFound("Storefront");
  return shop;
}

const refOf = (shop: ShopRow): ShopRef => ({ name: shop.name, slug: shop.slug });

async function withImages(db: Database, rows: ProductRow[]): Promise<ShopProductDto[]> {
  const images = await listLiveImages(db, { productIds: rows.map((row) => row.id) });
  return rows.map((row) => toPublicProductDto(row, images.get(row.id) ?? []));
}

/** Anyone: the directory of listed storefronts that have products, largest first. */
export async function listShops(query: ShopDirectoryQuery): Promise<{ count: number; results: ShopDirectoryEntry[] }> {
  const { count, rows } = await listListedShops(getDb(), pageWindow(query));
  return { count, results: rows };
}

/** Anyone: a storefront's public card. Unlisted storefronts too: opting out of the directory does not hide the shop. 404. */
export async function getShop(input: { slug: string }): Promise<ShopCard> {
  const db = getDb();
  const shop = await requireShop(db, input.slug);
  const productCount = await countApprovedProducts(db, { businessId: shop.id });
  return { ...refOf(shop), assistantName: shop.botName, productCount, listed: shop.shopListed };
}

/**
 * Anyone: one page of a storefront with its categories. The count, the facet counts and the rows are
 * independent statements run side by side; a page past the end is answered with no results and the
 * real `count` and `lastPage`. 404 for an unknown slug.
 */
export async function listShopProducts(input: { slug: string } & ShopProductsQuery): Promise<Omit<ShopProductPage, "next" | "previous">> {
  const db = getDb();
  const shop = await requireShop(db, input.slug);
  const { page, pageSize, q, sort, category, ...filters } = input;
  const tsquery = q ? toPrefixTsquery(q) : null;
  const scope = { businessId: shop.id, tsquery, ...filters };
  const window = pageWindow({ page, pageSize });
  const pageRows = () => listShopProductRows(db, { ...scope, category, sort, ...window });
  // A deep page's skipped rows cost as much as the count itself: those wait for the count to say the page exists.
  const deep = window.offset >= DEEP_OFFSET;
  const [names, byCategory, early] = await Promise.all([
    listShopCategoryNames(db, { businessId: shop.id }),
    countShopProductsByCategory(db, scope),
    deep ? null : pageRows(),
  ]);
  const count = category ? (byCategory.get(category) ?? 0) : [...byCategory.values()].reduce((sum, n) => sum + n, 0);
  const rows = early ?? (window.offset < count ? await pageRows() : []);
  const categories: ShopCategory[] = names.map((name) => ({ name, count: byCategory.get(name) ?? 0 }));
  return {
    count,
    page,
    pageSize,
    lastPage: lastPageOf({ count, pageSize }),
    business: refOf(shop),
    categories,
    results: await withImages(db, rows),
  };
}

/**
 * Anyone: one approved product of this storefront, by id. 404 for an unknown slug, a malformed id,
 * another business's product, or a product that is not approved.
 */
export async function getShopProduct(input: { slug: string; productId: string }): Promise<ShopProductDetail> {
  const db = getDb();
  const shop = await requireShop(db, input.slug);
  const row = await getApprovedProductRow(db, { businessId: shop.id, productId: input.productId });
  if (!row) throw notFound("Product");
  const [product] = await withImages(db, [row]);
  return { business: refOf(shop), product: product! };
}
