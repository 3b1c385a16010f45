import { requireUser } from "@/lib/auth/require-user";
import { adjustWalletSchema, walletQuerySchema } from "@/lib/credits/schemas";
import { adjustWallet, getWallet } from "@/lib/credits/service";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(walletQuerySchema);
  const { balance, limits, ...page } = await getWallet(actor, input);
  return json({ balance, ...toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, ...page }), limits });
});

export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(adjustWalletSchema);
  return json(await adjustWallet(actor, input, ctx));
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
