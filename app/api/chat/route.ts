import { sseResponse } from "@/lib/ai/sse";
import { requireUser } from "@/lib/auth/require-user";
import { sendMessageSchema } from "@/lib/chat/schemas";
import { sendChatMessage, startChatTurn } from "@/lib/chat/turn";
import { json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function wantsStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}

/** Sends a message to the assistant: JSON, or server-sent events with `Accept: text/event-stream`. */
export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  await enforceLimit("chat_send", { clientAddress: ctx.clientAddress, accountId: actor.id });
  const input = await body(sendMessageSchema);
  if (!wantsStream(request)) {
    return json(await sendChatMessage(actor, input, { signal: request.signal }));
  }
  // Everything that can fail before the model runs (404, 402) is thrown here, as a JSON error.
  const turn = await startChatTurn(actor, input, { signal: request.signal });
  return sseResponse(turn.events, { onCancel: turn.abort, heartbeatMs: 15_000 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
