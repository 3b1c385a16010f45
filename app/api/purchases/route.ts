import { requireUser } from "@/lib/auth/require-user";
import { json, route } from "@/lib/http";
import { createPurchaseSchema, listPurchasesQuerySchema } from "@/lib/purchases/schemas";
import { createPurchase, listPurchases } from "@/lib/purchases/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const page = await listPurchases(actor, query(listPurchasesQuerySchema));
  // The service links relative to the API; clients get absolute URLs like every other list.
  const absolute = (link: string | null) => (link ? new URL(link, request.nextUrl).toString() : null);
  return json({ ...page, next: absolute(page.next), previous: absolute(page.previous) });
});

export const POST = route(async ({ request, body, requestId }) => {
  const actor = await requireUser(request);
  const input = await body(createPurchaseSchema);
  const { purchase, replayed } = await createPurchase(actor, input, {
    idempotencyKey: request.headers.get("idempotency-key"),
    requestId,
  });
  return json(purchase, {
    status: replayed ? 200 : 201,
    // Stripe's convention: tells the client this is the stored answer to an earlier request.
    headers: replayed ? { "idempotent-replayed": "true" } : { location: `/api/purchases/${purchase.id}` },
  });
});
