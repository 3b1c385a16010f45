import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { takeOver } from "@/lib/inbox/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { sessionId: string };

/** An admin takes the conversation over from the assistant. */
export const POST = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  return json({ session: await takeOver(actor, { sessionId: params.sessionId }, ctx) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
