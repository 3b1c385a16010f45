import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { rejectSchema } from "@/lib/products/schemas";
import { rejectProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const { reason, version } = await body(rejectSchema);
  return json(await rejectProduct(actor, { productId: params.id, reason, version }, ctx));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
