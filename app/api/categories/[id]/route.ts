import { requireUser } from "@/lib/auth/require-user";
import { categoryRenameSchema } from "@/lib/categories/schemas";
import { deleteCategory, renameCategory } from "@/lib/categories/service";
import { json, methods, noContent, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** Rename: every product and revision of the category follows. */
export const PATCH = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const { name } = await body(categoryRenameSchema);
  return json(await renameCategory(actor, { categoryId: params.id, name }, ctx));
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await deleteCategory(actor, { categoryId: params.id }, ctx);
  return noContent();
});

export const { GET, POST, PUT, OPTIONS } = methods({ PATCH, DELETE });
