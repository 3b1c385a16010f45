import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { getProductHistory } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The product's audit trail for staff who may see the product (the full audit log is admin-only). */
export const GET = route<{ id: string }>(async ({ request, params }) => {
  const actor = await requireUser(request);
  return json({ results: await getProductHistory(actor, { productId: params.id }) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
