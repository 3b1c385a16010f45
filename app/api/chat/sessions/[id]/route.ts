import { requireUser } from "@/lib/auth/require-user";
import { renameSessionSchema } from "@/lib/chat/schemas";
import { deleteSession, getSession, renameSession } from "@/lib/chat/service";
import { json, noContent, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async ({ request, params }) => {
  const actor = await requireUser(request);
  return json(await getSession(actor, { sessionId: params.id }));
});

export const PATCH = route<Params>(async ({ request, params, body }) => {
  const actor = await requireUser(request);
  const input = await body(renameSessionSchema);
  return json(await renameSession(actor, { sessionId: params.id, title: input.title }));
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await deleteSession(actor, { sessionId: params.id }, ctx);
  return noContent();
});

export const { POST, PUT, OPTIONS } = methods({ GET, PATCH, DELETE });
