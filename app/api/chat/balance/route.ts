import { requireUser } from "@/lib/auth/require-user";
import { getBalance } from "@/lib/credits/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  return json(await getBalance(actor));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
