import { requireUser } from "@/lib/auth/require-user";
import { categoryMergeSchema } from "@/lib/categories/schemas";
import { mergeCategory } from "@/lib/categories/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** Moves every product and revision of the category onto `into`, then deletes it. */
export const POST = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const { into } = await body(categoryMergeSchema);
  return json(await mergeCategory(actor, { categoryId: params.id, into }, ctx));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
