import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { approveSchema } from "@/lib/products/schemas";
import { approveProduct } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const { version } = await body(approveSchema);
  return json(await approveProduct(actor, { productId: params.id, version }, ctx));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
