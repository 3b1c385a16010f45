import { requireChatCaller } from "@/lib/auth/caller";
import { updateSessionSchema } from "@/lib/chat/schemas";
import { deleteSession, getSession, updateSession } from "@/lib/chat/service";
import { json, noContent, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async ({ request, params }) => {
  const caller = await requireChatCaller(request);
  return json(await getSession(caller, { sessionId: params.id }));
});

export const PATCH = route<Params>(async ({ request, params, body }) => {
  const caller = await requireChatCaller(request);
  const input = await body(updateSessionSchema);
  return json(await updateSession(caller, { sessionId: params.id, ...input }));
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const caller = await requireChatCaller(request);
  await deleteSession(caller, { sessionId: params.id }, ctx);
  return noContent();
});

export const { POST, PUT, OPTIONS } = methods({ GET, PATCH, DELETE });
