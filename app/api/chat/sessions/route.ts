import { limitAccountOf, requireChatCaller } from "@/lib/auth/caller";
import { pageLinks } from "@/lib/pagination";
import { createSessionSchema, listSessionsQuery } from "@/lib/chat/schemas";
import { createSession, listSessions } from "@/lib/chat/service";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const caller = await requireChatCaller(request);
  const input = query(listSessionsQuery);
  const { count, results } = await listSessions(caller, input);
  return json({ count, ...pageLinks(request.nextUrl, { ...input, count }), results });
});

export const POST = route(async ({ request, body, ctx }) => {
  const caller = await requireChatCaller(request);
  await enforceLimit("session_create", { clientAddress: ctx.clientAddress, accountId: limitAccountOf(caller) });
  const input = await body(createSessionSchema);
  return json(await createSession(caller, input), { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
