import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";
import { shopDirectoryQuerySchema } from "@/lib/shops/schemas";
import { listShops } from "@/lib/shops/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The storefront directory: listed businesses with approved products, no sign-in needed. */
export const GET = route(async ({ request, query }) => {
  const input = query(shopDirectoryQuerySchema);
  const { count, results } = await listShops(input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
