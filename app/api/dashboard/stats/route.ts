import { requireUser } from "@/lib/auth/require-user";
import { dashboardQuerySchema } from "@/lib/dashboard/schemas";
import { getDashboardStats } from "@/lib/dashboard/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const { timeZone } = query(dashboardQuerySchema);
  return json(await getDashboardStats(actor, { timeZone }), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
