import { requireUser } from "@/lib/auth/require-user";
import { csvResponse } from "@/lib/csv";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";
import { toPage } from "@/lib/pagination";
import { parseIdempotencyKey } from "@/lib/purchases/idempotency";
import { createPurchaseSchema, listPurchasesQuerySchema, type ListPurchasesInput } from "@/lib/purchases/schemas";
import { createPurchase, exportPurchasesCsv, listPurchases } from "@/lib/purchases/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The list's own URL with only what it honours, in one order: page, pageSize, then the user filter. */
function listUrl(url: URL, input: ListPurchasesInput): URL {
  const canonical = new URL(url.pathname, url);
  canonical.searchParams.set("page", String(input.page));
  canonical.searchParams.set("pageSize", String(input.pageSize));
  if (input.userId) canonical.searchParams.set("userId", input.userId);
  return canonical;
}

/** `?userId=&page=&pageSize=` (userId: admins); `&format=csv` downloads every purchase the list would show. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(listPurchasesQuerySchema);
  if (input.format === "csv") return csvResponse(await exportPurchasesCsv(actor, input));
  const { count, results, ...adminExtras } = await listPurchases(actor, input);
  return json({ ...toPage(listUrl(request.nextUrl, input), { ...input, count, results }), ...adminExtras });
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  await enforceLimit("purchase", { clientAddress: ctx.clientAddress, accountId: actor.id });
  const input = await body(createPurchaseSchema);
  const idempotencyKey = parseIdempotencyKey(request.headers.get("idempotency-key"));
  const { purchase, replayed } = await createPurchase(actor, { ...input, idempotencyKey }, ctx);
  return json(purchase, {
    status: replayed ? 200 : 201,
    // Stripe's convention: tells the client this is the stored answer to an earlier request.
    headers: replayed ? { "idempotent-replayed": "true" } : { location: `/api/purchases/${purchase.id}` },
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
