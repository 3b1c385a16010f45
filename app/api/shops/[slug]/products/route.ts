import { json, route, methods } from "@/lib/http";
import { pageLinks } from "@/lib/pagination";
import { shopProductsQuerySchema } from "@/lib/shops/schemas";
import { listShopProducts } from "@/lib/shops/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { slug: string };

/** One storefront's approved products, with the public catalog's filters, sorts and paging. */
export const GET = route<Params>(async ({ request, params, query }) => {
  const input = query(shopProductsQuerySchema);
  const { count, results, ...rest } = await listShopProducts({ slug: params.slug, ...input });
  return json({ count, ...pageLinks(request.nextUrl, { page: input.page, pageSize: input.pageSize, count }), results, ...rest });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
