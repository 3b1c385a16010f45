import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { runBulkAction } from "@/lib/products/bulk";
import { bulkActionSchema } from "@/lib/products/tools-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One action on up to 100 products: 200 with each product's outcome, in the order given. */
export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(bulkActionSchema);
  return json(await runBulkAction(actor, input, ctx));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
