import { requireChatCaller } from "@/lib/auth/caller";
import { claimedExpiry } from "@/lib/auth/jwt";
import { bearerToken } from "@/lib/auth/require-user";
import { openEventStream } from "@/lib/events/stream";
import { methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The caller's live events as server-sent events (bearer token or visitor token in the Authorization
 * header, never in the URL). A reconnect with Last-Event-ID gets what it missed first. The stream ends
 * when the token (or a visitor's key) expires or the caller would no longer be let in; the client reconnects
 * with a fresh one.
 */
export const GET = route(async ({ request }) => {
  const caller = await requireChatCaller(request);
  const token = bearerToken(request);
  // A visitor's stream also ends when the key behind their token expires, as the token's next use would be refused.
  const ends = [token ? claimedExpiry(token) : null, caller.kind === "visitor" ? (caller.keyExpiresAt?.getTime() ?? null) : null];
  const stream = await openEventStream(caller, {
    lastEventId: request.headers.get("last-event-id"),
    authorizedUntil: ends.reduce<number | null>((earliest, end) => (end === null ? earliest : earliest === null ? end : Math.min(earliest, end)), null),
    reauthorize: () => requireChatCaller(request),
  });
  // A reader gone while the stream was being opened never fires the listener added after it.
  if (request.signal.aborted) stream.close();
  else request.signal.addEventListener("abort", stream.close, { once: true });
  return stream.response;
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
