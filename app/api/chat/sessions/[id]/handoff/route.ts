import { requireChatCaller } from "@/lib/auth/caller";
import { json, methods, route } from "@/lib/http";
import { requestPerson, withdrawPersonRequest } from "@/lib/inbox/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** The conversation's owner asks for a person of the business. */
export const POST = route<Params>(async ({ request, params, ctx }) => {
  const caller = await requireChatCaller(request);
  return json({ session: await requestPerson(caller, { sessionId: params.id }, ctx) });
});

/** The owner withdraws the request while no person has joined yet: the assistant answers again (409 once a person has). */
export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const caller = await requireChatCaller(request);
  return json({ session: await withdrawPersonRequest(caller, { sessionId: params.id }, ctx) });
});

export const { GET, PUT, PATCH, OPTIONS } = methods({ POST, DELETE });
