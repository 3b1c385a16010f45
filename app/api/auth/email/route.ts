import { cancelEmailChange, resendEmailChange } from "@/lib/auth/account";
import { requireUser } from "@/lib/auth/require-user";
import { json, methods, noContent, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A new link for the caller's pending email change (the earlier one stops working); 404 when none is pending. */
export const POST = route(async ({ request, ctx }) => {
  const actor = await requireUser(request);
  return json(await resendEmailChange(actor, ctx), { status: 202, headers: { "cache-control": "no-store" } });
});

/** Cancels the caller's pending email change, if any. */
export const DELETE = route(async ({ request }) => {
  const actor = await requireUser(request);
  await cancelEmailChange(actor);
  return noContent();
});

export const { GET, PUT, PATCH, OPTIONS } = methods({ POST, DELETE });
