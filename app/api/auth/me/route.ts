import { updateProfile } from "@/lib/auth/account";
import { requireUser } from "@/lib/auth/require-user";
import { updateProfileSchema } from "@/lib/auth/schemas";
import { getMe } from "@/lib/auth/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request }) => {
  const actor = await requireUser(request, { allowPendingPasswordChange: true });
  return json(await getMe(actor), { headers: { "cache-control": "no-store" } });
});

/** The caller's own name and email (a new email needs `currentPassword`). */
export const PATCH = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(updateProfileSchema);
  await updateProfile(actor, input, ctx);
  return json(await getMe(actor), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, DELETE, OPTIONS } = methods({ GET, PATCH });
