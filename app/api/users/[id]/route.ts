import { requireUser } from "@/lib/auth/require-user";
import { json, noContent, route, methods } from "@/lib/http";
import { updateUserSchema } from "@/lib/users/schemas";
import { deactivateUser, updateUser } from "@/lib/users/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const changes = await body(updateUserSchema);
  return json({ user: await updateUser(actor, { id: params.id, changes }, ctx) });
});

/** Deactivates (never deletes: purchases, chats and the audit trail keep pointing at the user). */
export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await deactivateUser(actor, { id: params.id }, ctx);
  return noContent();
});

export const { GET, POST, PUT, OPTIONS } = methods({ PATCH, DELETE });
