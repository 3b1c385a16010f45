import { optionalUser, requireUser } from "@/lib/auth/require-user";
import { json, noContent, route, methods } from "@/lib/http";
import { publicCacheHeaders } from "@/lib/products/catalog-cache";
import { productUpdateSchema } from "@/lib/products/schemas";
import { deleteProduct, getProduct, updateProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async ({ request, params }) => {
  const actor = await optionalUser(request);
  return json(await getProduct(actor, { productId: params.id }), { headers: actor ? {} : publicCacheHeaders(request) });
});

export const PATCH = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const changes = await body(productUpdateSchema);
  return json(await updateProduct(actor, { productId: params.id, changes }, ctx));
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await deleteProduct(actor, { productId: params.id }, ctx);
  return noContent();
});

export const { POST, PUT, OPTIONS } = methods({ GET, PATCH, DELETE });
