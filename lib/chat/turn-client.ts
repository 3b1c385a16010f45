import type { QueryClient } from "@tanstack/react-query";
import type { ChatEvent, ChatMessageDto } from "@/lib/chat/schemas";
import { getAccessToken, renewAccessToken } from "@/lib/api-client";
import { describeFailure, turnRequest, type ChatFailure, type TurnAction, type TurnBranch } from "@/lib/chat/stream-client";
import { readChatEvents } from "@/lib/chat/stream-reader";
import type { PagedList } from "@/lib/events/cached-lists";
import { chatKeys } from "@/lib/query-keys";

/**
 * One turn of the chat over the wire, in the browser. Its own module, loaded after the chat's first
 * paint (hooks/use-chat.ts): with the stream's reader comes zod, which validates each event.
 */

async function postTurn({ path, body }: { path: string; body: Record<string, string> }, signal: AbortSignal): Promise<Response> {
  const send = (token: string | null) =>
    fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "text/event-stream",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });
  const response = await send(await getAccessToken());
  // A 401 is answered before anything is stored or charged, so one retry with a fresh token is safe.
  if (response.status !== 401) return response;
  const token = await renewAccessToken();
  return token ? send(token) : response;
}

async function failureOf(response: Response): Promise<ChatFailure> {
  let body: { error?: string; detail?: string } | null = null;
  try {
    body = (await response.json()) as { error?: string; detail?: string };
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  return describeFailure({ code: body?.error ?? null, detail: body?.detail ?? null, status: response.status });
}

/** How a send ended: `acknowledged` is false when the server stored nothing (e.g. 402, unreachable). */
export type TurnOutcome = { sent: boolean; acknowledged: boolean; phase: "done" | "aborted" | "error" | null };

/**
 * One turn over the wire, without React: POSTs the message (or, for a `branch`, the regeneration or
 * the edit), reads the stream with the shared reader, and hands every action to `dispatch` — the
 * server's events, then a local failure if the stream broke off or a stop if `signal` aborted it.
 * `onEvent` sees each server event first.
 */
export async function runChatTurn({
  message,
  sessionId,
  branch = null,
  signal,
  dispatch,
  onEvent,
}: {
  message: string;
  sessionId: string | null;
  branch?: TurnBranch | null;
  signal: AbortSignal;
  dispatch: (action: TurnAction) => void;
  onEvent?: (event: ChatEvent) => void;
}): Promise<TurnOutcome> {
  let acknowledged = false;
  let received = false;
  let finished = false;
  let phase: TurnOutcome["phase"] = "error";
  try {
    const response = await postTurn(turnRequest({ message, sessionId, branch }), signal);
    if (!response.ok) {
      dispatch({ event: "failed", failure: await failureOf(response) });
      return { sent: true, acknowledged: false, phase: "error" };
    }
    if (!response.body || !response.headers.get("content-type")?.includes("text/event-stream")) {
      dispatch({ event: "failed", failure: describeFailure({ code: "internal_error" }) });
      return { sent: true, acknowledged: false, phase: "error" };
    }
    received = true;
    await readChatEvents({
      body: response.body,
      onEvent: (event) => {
        if (event.event === "meta") acknowledged = true;
        if (event.event === "done") {
          finished = true;
          phase = "done";
        }
        if (event.event === "error") finished = true;
        onEvent?.(event);
        dispatch(event);
      },
    });
    if (!finished) dispatch({ event: "failed", failure: describeFailure({ code: "interrupted" }) });
  } catch {
    // Stop pressed just as the last event arrived: the turn had already ended as the server ended it.
    if (finished) return { sent: true, acknowledged, phase };
    if (signal.aborted) {
      phase = "aborted";
      dispatch({ event: "aborted" });
    } else {
      dispatch({ event: "failed", failure: describeFailure({ code: received ? "interrupted" : "network" }) });
    }
  }
  return { sent: true, acknowledged, phase };
}

const SETTLE_ATTEMPTS = 6;
const SETTLE_FIRST_WAIT_MS = 150;

/**
 * When a turn ends, the stored answer replaces the one this browser built from the stream: after
 * Stop the server keeps what it had generated when the stop reached it (a little more than had
 * arrived here, or the whole answer if it was already done), and only the stored copy carries what
 * the history adds (the credits charged, the viewer's rating). The history is read again until it
 * shows the answer settled, with a growing wait, a few seconds in all: a stop is settled a moment
 * after the stream is cut, and a refetch asked for while a new conversation's first read is still
 * under way only joins that read, which may predate the answer's end.
 */
export async function settleStoredAnswer(queryClient: QueryClient, { sessionId, messageId }: { sessionId: string; messageId: string }): Promise<boolean> {
  const key = chatKeys.history(sessionId);
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
    await queryClient.refetchQueries({ queryKey: key, exact: true });
    const history = queryClient.getQueryData<PagedList<ChatMessageDto>>(key);
    // Nobody keeps this conversation any more (deleted, or never opened): nothing to correct.
    if (!history) return false;
    const stored = history.pages.flatMap((page) => page.results).find((message) => message.id === messageId);
    if (stored && stored.status !== "streaming") return true;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_FIRST_WAIT_MS * 2 ** attempt));
  }
  return false;
}
