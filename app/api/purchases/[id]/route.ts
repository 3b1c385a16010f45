import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { getPurchase } from "@/lib/purchases/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ request, params }) => {
  const actor = await requireUser(request);
  return json(await getPurchase(actor, { purchaseId: params.id }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
