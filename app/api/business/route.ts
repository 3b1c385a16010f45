import { requireUser } from "@/lib/auth/require-user";
import { getBusiness, updateBusiness } from "@/lib/business/service";
import { updateBusinessSchema } from "@/lib/business/schemas";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  return json(await getBusiness(actor));
});

export const PATCH = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(updateBusinessSchema);
  return json(await updateBusiness(actor, input, ctx));
});

export const { POST, PUT, DELETE, OPTIONS } = methods({ GET, PATCH });
