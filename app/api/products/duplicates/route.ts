import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { findDuplicates } from "@/lib/products/duplicates";
import { duplicatesQuerySchema } from "@/lib/products/tools-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Products of the caller's business with the same name or SKU: the product form's duplicate warning. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(duplicatesQuerySchema);
  return json(await findDuplicates(actor, input));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
