import { requireUser } from "@/lib/auth/require-user";
import { dismissFirstRun } from "@/lib/dashboard/service";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Admin: hides the dashboard's first-run checklist for the business → `{firstRun}`. */
export const POST = route(async ({ request, ctx }) => {
  const actor = await requireUser(request);
  return json({ firstRun: await dismissFirstRun(actor, ctx) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
