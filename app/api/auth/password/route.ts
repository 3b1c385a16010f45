import { changePassword } from "@/lib/auth/account";
import { requireUser } from "@/lib/auth/require-user";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { noContent, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The caller's own password; the one call (with /me and logout) open to a user holding a temporary one. */
export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request, { allowPendingPasswordChange: true });
  const input = await body(changePasswordSchema);
  await changePassword(actor, input, ctx);
  return noContent();
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
