import { sseResponse, wantsEventStream } from "@/lib/ai/sse";
import { limitAccountOf, requireChatCaller } from "@/lib/auth/caller";
import { regenerateAnswer } from "@/lib/chat/branches";
import { regenerateSchema } from "@/lib/chat/schemas";
import { finishTurn } from "@/lib/chat/turn";
import { json, methods, route } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** A new answer to the same question, kept beside the old one: JSON, or server-sent events like a send. */
export const POST = route<Params>(async ({ request, params, body, ctx }) => {
  const caller = await requireChatCaller(request);
  await enforceLimit("chat_send", { clientAddress: ctx.clientAddress, accountId: limitAccountOf(caller) });
  await body(regenerateSchema);
  const turn = await regenerateAnswer(caller, { messageId: params.id }, { signal: request.signal });
  if (!wantsEventStream(request)) return json(await finishTurn(turn));
  return sseResponse(turn.events, { onCancel: turn.abort, heartbeatMs: 15_000 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
