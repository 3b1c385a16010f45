import { requireChatCaller } from "@/lib/auth/caller";
import { openEventStream } from "@/lib/events/stream";
import { methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The caller's live events as server-sent events (bearer token or visitor token in the Authorization
 * header, never in the URL). A reconnect with Last-Event-ID gets what it missed first.
 */
export const GET = route(async ({ request }) => {
  const caller = await requireChatCaller(request);
  const stream = await openEventStream(caller, { lastEventId: request.headers.get("last-event-id") });
  request.signal.addEventListener("abort", stream.close, { once: true });
  return stream.response;
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
