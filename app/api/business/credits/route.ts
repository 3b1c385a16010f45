import { requireUser } from "@/lib/auth/require-user";
import { grantCreditsSchema, ledgerQuerySchema } from "@/lib/credits/schemas";
import { grantCredits, listUserLedger } from "@/lib/credits/service";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(ledgerQuerySchema);
  const { limits, ...page } = await listUserLedger(actor, input);
  return json({ ...toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, ...page }), limits });
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(grantCreditsSchema);
  return json(await grantCredits(actor, input, ctx), { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
