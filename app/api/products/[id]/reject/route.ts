import { requireUser } from "@/lib/auth/require-user";
import { json, route } from "@/lib/http";
import { rejectSchema } from "@/lib/products/schemas";
import { rejectProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ request, params, body, requestId }) => {
  const actor = await requireUser(request);
  const { reason } = await body(rejectSchema);
  return json(await rejectProduct(actor, { productId: params.id, reason }, { requestId }));
});
