import { optionalUser } from "@/lib/auth/require-user";
import { refreshSchema } from "@/lib/auth/schemas";
import { logout } from "@/lib/auth/service";
import { noContent, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ request, body }) => {
  const actor = await optionalUser(request, { allowPendingPasswordChange: true });
  const { refresh } = await body(refreshSchema);
  await logout({ refresh, actor });
  return noContent();
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
