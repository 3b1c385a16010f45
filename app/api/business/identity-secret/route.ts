import { requireUser } from "@/lib/auth/require-user";
import { rotateIdentitySecretSchema } from "@/lib/business/schemas";
import { getIdentitySecret, rotateIdentitySecret } from "@/lib/business/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The secret signs end-user identities; no cache may keep a copy of it.
const NO_STORE = { "cache-control": "no-store" };

export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  return json(await getIdentitySecret(actor), { headers: NO_STORE });
});

/** Rotates: the new secret is the answer, and userHash values made with the old one stop verifying. */
export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  await body(rotateIdentitySecretSchema);
  return json(await rotateIdentitySecret(actor, ctx), { headers: NO_STORE });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
