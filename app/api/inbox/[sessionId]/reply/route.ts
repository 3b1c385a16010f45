import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { agentReplySchema } from "@/lib/inbox/schemas";
import { replyAsAgent } from "@/lib/inbox/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { sessionId: string };

/** An admin answers in the conversation as a person: `{message}` → 201 `{message}`. */
export const POST = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(agentReplySchema);
  return json({ message: await replyAsAgent(actor, { sessionId: params.sessionId, message: input.message }, ctx) }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
