import { requireUser } from "@/lib/auth/require-user";
import { json, route } from "@/lib/http";
import { emptyBodySchema } from "@/lib/products/schemas";
import { submitProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ request, params, body, requestId }) => {
  const actor = await requireUser(request);
  await body(emptyBodySchema);
  return json(await submitProduct(actor, { productId: params.id }, { requestId }));
});
