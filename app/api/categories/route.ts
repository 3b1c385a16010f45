import { requireUser } from "@/lib/auth/require-user";
import { categoryCreateSchema } from "@/lib/categories/schemas";
import { createCategory, listCategories } from "@/lib/categories/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The business's categories by name, each with its product count (staff). */
export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  return json(await listCategories(actor));
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(categoryCreateSchema);
  return json(await createCategory(actor, input, ctx), { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
