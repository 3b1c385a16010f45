import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { pageLinks } from "@/lib/pagination";
import { publicCacheHeaders } from "@/lib/products/catalog-cache";
import { productCreateSchema, publicListQuerySchema } from "@/lib/products/schemas";
import { createProduct, listPublicProducts } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The public catalog: approved products of every business, no sign-in needed. */
export const GET = route(async ({ request, query }) => {
  const input = query(publicListQuerySchema);
  const { count, countCapped, results } = await listPublicProducts(input);
  const { next, previous } = pageLinks(request.nextUrl, { page: input.page, pageSize: input.pageSize, count });
  return json({ count, countCapped, next, previous, results }, { headers: publicCacheHeaders(request) });
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(productCreateSchema);
  return json(await createProduct(actor, input, ctx), { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
