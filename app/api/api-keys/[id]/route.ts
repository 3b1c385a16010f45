import { updateApiKeySchema } from "@/lib/api-keys/schemas";
import { revokeApiKey, updateApiKey } from "@/lib/api-keys/service";
import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const changes = await body(updateApiKeySchema);
  return json({ apiKey: await updateApiKey(actor, { id: params.id, changes }, ctx) });
});

/** Revokes (never deletes: the key stays listed as revoked, and its conversations keep pointing at it). */
export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  return json({ apiKey: await revokeApiKey(actor, { id: params.id }, ctx) });
});

export const { GET, POST, PUT, OPTIONS } = methods({ PATCH, DELETE });
