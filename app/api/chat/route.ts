import { sseResponse, wantsEventStream } from "@/lib/ai/sse";
import { limitAccountOf, requireChatCaller } from "@/lib/auth/caller";
import { sendMessageSchema } from "@/lib/chat/schemas";
import { sendChatMessage, startChatTurn } from "@/lib/chat/turn";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Sends a message to the assistant: JSON, or server-sent events with `Accept: text/event-stream`. */
export const POST = route(async ({ request, body, ctx }) => {
  const caller = await requireChatCaller(request);
  // A website visitor sends at a person's pace; members and the business's server at their own limit.
  await enforceLimit(caller.kind === "visitor" ? "end_user_send" : "chat_send", { clientAddress: ctx.clientAddress, accountId: limitAccountOf(caller) });
  const input = await body(sendMessageSchema);
  if (!wantsEventStream(request)) {
    return json(await sendChatMessage(caller, input, { signal: request.signal }));
  }
  // Everything that can fail before the model runs (404, 402) is thrown here, as a JSON error.
  const turn = await startChatTurn(caller, input, { signal: request.signal });
  return sseResponse(turn.events, { onCancel: turn.abort, heartbeatMs: 15_000 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
