import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { emptyBodySchema } from "@/lib/products/schemas";
import { submitProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  await body(emptyBodySchema);
  return json(await submitProduct(actor, { productId: params.id }, ctx));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
