import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { markReadSchema } from "@/lib/inbox/schemas";
import { markRead } from "@/lib/inbox/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { sessionId: string };

/** The admins have read the conversation up to `{upToMessageId}` (the mark only moves forward). */
export const POST = route<Params>(async ({ request, params, body }) => {
  const actor = await requireUser(request);
  const input = await body(markReadSchema);
  return json(await markRead(actor, { sessionId: params.sessionId, upToMessageId: input.upToMessageId }));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
