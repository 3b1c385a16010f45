"use client";

import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { ME_QUERY_KEY, type Me } from "@/hooks/use-auth";
import { api } from "@/lib/api-client";
import type { ChatBalance, ChatMessageDto, ChatSessionDto, ChatSessionSearchResultDto } from "@/lib/chat/schemas";
import type { PagedList } from "@/lib/events/cached-lists";
import {
  describeFailure,
  isTurnActive,
  settleTurn,
  startTurn,
  turnReducer,
  type TurnAction,
  type TurnBranch,
  type TurnState,
} from "@/lib/chat/stream-client";
import type { Page } from "@/lib/pagination";
import type { PurchaseView } from "@/lib/purchases/schemas";
import { lazyModule } from "@/lib/lazy-module";
import { CHAT_HISTORY_PAGE_SIZE, CHAT_SESSIONS_PAGE_SIZE, chatKeys, productKeys } from "@/lib/query-keys";
import type { TurnOutcome } from "@/lib/chat/turn-client";
import { turnGate } from "@/lib/chat/turn-gate";

export type { TurnOutcome };

// Sending a turn and reading its stream (with zod, which validates the events): the chat paints without
// it and fetches it right after (useChatSender), or at the latest before the first message is sent.
const turnClient = lazyModule(() => import("@/lib/chat/turn-client"));

/** React Query hooks for the assistant (docs/api.md: chat, purchases and business). */

export { chatKeys };

export type AssistantProfile = {
  id: string;
  name: string;
  settings: { botName: string; botColor: string; greeting: string };
};

/** Who of the business is typing in the conversation right now, from the live events (null: nobody). */
export function useTypingIndicator(sessionId: string | null): string | null {
  const { data } = useQuery<{ name: string; until: number } | null>({
    queryKey: chatKeys.typing(sessionId ?? "none"),
    queryFn: () => null,
    enabled: false,
    initialData: null,
    staleTime: Infinity,
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!data) return;
    // Switches itself off when the signal expires.
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, data.until - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [data]);
  return data && data.until > now ? data.name : null;
}

/** The tab's own deletes, so a live event about one is not taken for a delete made elsewhere. */
export const DELETE_SESSION_MUTATION_KEY = ["chat", "delete-session"] as const;

// Under ["purchases"] like every purchase list (hooks/use-purchases.ts), so a new purchase refreshes this one too.
export const purchaseKeys = {
  mine: (userId: string) => ["purchases", "mine", userId] as const,
};

const PURCHASES_PAGE_SIZE = 20;

// ---- sessions -------------------------------------------------------------------------------

export function useChatSessions() {
  return useInfiniteQuery({
    queryKey: chatKeys.sessions(),
    queryFn: async ({ pageParam }) =>
      (await api.get<Page<ChatSessionDto>>("/api/chat/sessions", { params: { page: pageParam, pageSize: CHAT_SESSIONS_PAGE_SIZE } })).data,
    initialPageParam: 1,
    getNextPageParam: (last, _pages, page) => (last.next ? page + 1 : undefined),
  });
}

/** GET /api/chat/sessions?q=: the member's conversations whose title or messages match, best first; off while `q` is blank. */
export function useSessionSearch(q: string) {
  const term = q.trim();
  return useInfiniteQuery({
    queryKey: chatKeys.sessionSearch(term),
    enabled: term.length > 0,
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<Page<ChatSessionSearchResultDto>>("/api/chat/sessions", {
          params: { q: term, page: pageParam, pageSize: CHAT_SESSIONS_PAGE_SIZE },
          signal,
        })
      ).data,
    initialPageParam: 1,
    getNextPageParam: (last, _pages, page) => (last.next ? page + 1 : undefined),
  });
}

/** Prompts to start a new conversation with (GET /api/chat/suggestions). */
export function useChatSuggestions(enabled: boolean) {
  return useQuery({
    queryKey: chatKeys.suggestions(),
    enabled,
    queryFn: async () => (await api.get<{ suggestions: string[] }>("/api/chat/suggestions")).data.suggestions,
    staleTime: 5 * 60_000,
  });
}

/**
 * The conversation as its list shows it (status, "Seen"), or null while unknown. One the loaded list
 * does not hold (older than its first page) is read on its own, so it shows and follows the same.
 */
export function useSessionSummary(sessionId: string | null): ChatSessionDto | null {
  const sessions = useChatSessions();
  const listed = sessionId ? (sessions.data?.pages.flatMap((page) => page.results).find((session) => session.id === sessionId) ?? null) : null;
  const own = useQuery({
    queryKey: chatKeys.openSession(sessionId ?? ""),
    enabled: sessionId !== null && sessions.isSuccess && listed === null,
    queryFn: async ({ signal }) => (await api.get<ChatSessionDto>(`/api/chat/sessions/${encodeURIComponent(sessionId!)}`, { signal })).data,
    retry: false,
  });
  return listed ?? (sessionId && own.data?.id === sessionId ? own.data : null);
}

// ---- history --------------------------------------------------------------------------------

type HistoryPage = Page<ChatMessageDto>;

/**
 * The newest page first, then older pages by keyset (`before=` the oldest loaded message), so
 * messages added while reading never shift a page. `messages` is the whole loaded run, oldest first.
 * Messages written elsewhere (another tab, an answer finishing) arrive as live events (hooks/use-live-events.ts).
 */
export function useChatHistory(sessionId: string | null) {
  const query = useInfiniteQuery({
    queryKey: chatKeys.history(sessionId ?? "none"),
    enabled: sessionId !== null,
    queryFn: async ({ pageParam }) =>
      (
        await api.get<HistoryPage>("/api/chat/history", {
          params: { sessionId, pageSize: CHAT_HISTORY_PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) },
        })
      ).data,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next && last.results[0] ? last.results[0].id : undefined),
  });
  const messages = useMemo(
    () => (query.data ? [...query.data.pages].reverse().flatMap((page) => page.results) : []),
    [query.data],
  );
  return { ...query, messages };
}

// ---- versions -------------------------------------------------------------------------------

/**
 * Shows another version of a message (PATCH /api/chat/sessions/:id `{branch}`, so the next message
 * continues from it, and GET /api/chat/history `?branch=` for what it shows): the conversation is
 * then exactly the branch through that version, down to its newest message.
 */
export function useSwitchBranch(sessionId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string): Promise<HistoryPage> => {
      if (!sessionId) throw new Error("No conversation is open.");
      const [, page] = await Promise.all([
        api.patch(`/api/chat/sessions/${encodeURIComponent(sessionId)}`, { branch: messageId }),
        api.get<HistoryPage>("/api/chat/history", { params: { sessionId, branch: messageId, pageSize: CHAT_HISTORY_PAGE_SIZE } }),
      ]);
      return page.data;
    },
    onSuccess: async (page) => {
      if (!sessionId) return;
      const key = chatKeys.history(sessionId);
      // A read of the old branch still under way must not land on top of the new one.
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      // Older pages continue by keyset from this one (`before=`), along the branch the session now continues.
      queryClient.setQueryData<PagedList<ChatMessageDto>>(key, { pages: [page], pageParams: [null] });
    },
    // One of the two may have landed: the stored history decides what is shown.
    onError: () => {
      if (sessionId) void queryClient.invalidateQueries({ queryKey: chatKeys.history(sessionId) });
    },
  });
}

// ---- balance and assistant profile ----------------------------------------------------------

/**
 * The message cost, and the balance as just read. Every view shows the balance from one place,
 * useAuth().credits, so a fresher read goes there too.
 */
export function useChatBalance() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: chatKeys.balance(),
    queryFn: async () => {
      const { data } = await api.get<ChatBalance>("/api/chat/balance");
      setMeCredits(queryClient, data.credits);
      return data;
    },
  });
}

function setMeCredits(queryClient: QueryClient, credits: number) {
  queryClient.setQueryData<Me>(ME_QUERY_KEY, (me) => (me ? { ...me, credits } : me));
}

/** The signed-in member's balance, wherever the tab keeps it (a turn's `done`, a live `credits` event). */
export function setCredits(queryClient: QueryClient, credits: number) {
  setMeCredits(queryClient, credits);
  queryClient.setQueryData<ChatBalance>(chatKeys.balance(), (balance) => (balance ? { ...balance, credits } : balance));
}

export function useAssistantProfile() {
  return useQuery({
    queryKey: chatKeys.profile(),
    queryFn: async () => (await api.get<AssistantProfile>("/api/business")).data,
    staleTime: 5 * 60_000,
  });
}

// The product reads (hooks/use-products.ts) serve the catalog's pages; a new chat needs one only when
// opened from a storefront's "Ask the assistant", so they load then.
const productReads = lazyModule(() => import("@/hooks/use-products"));

/** The product a new chat was opened to ask about (`/chat?product=<id>`), in the catalog's cache; off for null. */
export function useAskedAboutProduct(id: string | null) {
  return useQuery({
    queryKey: productKeys.detail(id ?? "none"),
    enabled: id !== null,
    queryFn: async ({ signal }) => (await productReads.preload()).fetchProduct(id!, signal),
  });
}

// ---- purchases ------------------------------------------------------------------------------

/** The signed-in user's own purchases, newest first (an admin's list is scoped to themselves here). */
export function useMyPurchases(userId: string | null) {
  return useInfiniteQuery({
    queryKey: purchaseKeys.mine(userId ?? "none"),
    enabled: userId !== null,
    queryFn: async ({ pageParam }) =>
      (
        await api.get<Page<PurchaseView>>("/api/purchases", {
          params: { userId, page: pageParam, pageSize: PURCHASES_PAGE_SIZE },
        })
      ).data,
    initialPageParam: 1,
    getNextPageParam: (last, _pages, page) => (last.next ? page + 1 : undefined),
  });
}

// ---- sending: the streamed turn -------------------------------------------------------------

type TurnStore = { turn: TurnState | null };
type StoreAction = { type: "start"; turn: TurnState } | { type: "event"; localId: string; action: TurnAction } | { type: "settle"; localId?: string };

function storeReducer(state: TurnStore, action: StoreAction): TurnStore {
  if (action.type === "start") return { turn: action.turn };
  if (action.type === "settle") {
    if (!state.turn || (action.localId !== undefined && state.turn.localId !== action.localId)) return state;
    const turn = settleTurn(state.turn);
    return turn === state.turn ? state : { turn };
  }
  // An event of a superseded turn (its stream was still draining) must not touch the new one.
  if (!state.turn || state.turn.localId !== action.localId) return state;
  return { turn: turnReducer(state.turn, action.action) };
}

function refreshAfterTurn(queryClient: QueryClient, sessionId: string | null, { history = true }: { history?: boolean } = {}) {
  if (sessionId && history) void queryClient.invalidateQueries({ queryKey: chatKeys.history(sessionId) });
  void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
  void queryClient.invalidateQueries({ queryKey: chatKeys.balance() });
  void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
}

let localCounter = 0;

/** How long Stop waits for the server to acknowledge a turn before cutting the request anyway. */
const STOP_WAIT_MS = 10_000;

// The conversations this tab is streaming an answer into. Live events about them are left to the
// turn: its own stream shows the answer, and the refresh when it ends brings the stored copy.
const streamingHere = new Set<string>();

export function sessionsStreamingHere(): ReadonlySet<string> {
  return new Set(streamingHere);
}

/**
 * Sends one message and streams the answer (POST /api/chat with `Accept: text/event-stream`), or
 * with a `branch` regenerates an answer or sends an edited message the same way. One turn at a time. `stop()` aborts the request and the server stores what it had as `aborted`;
 * however a turn ends, the stored answer then replaces the one on screen, so what was seen is what
 * a reload shows.
 * A stop before the server acknowledged the turn waits for `meta` (at most STOP_WAIT_MS): cut any
 * earlier, the answer would be stored under ids this browser never learnt and could not be shown.
 */
export function useChatSender({ onSessionCreated }: { onSessionCreated?: (sessionId: string) => void } = {}) {
  const queryClient = useQueryClient();
  const [{ turn }, dispatch] = useReducer(storeReducer, { turn: null });
  const controllerRef = useRef<AbortController | null>(null);
  const stopRef = useRef<{ localId: string; acknowledged: boolean; requested: boolean; timer: ReturnType<typeof setTimeout> | null } | null>(null);
  const onSessionCreatedRef = useRef(onSessionCreated);
  const [gate] = useState(turnGate);

  useEffect(() => {
    onSessionCreatedRef.current = onSessionCreated;
  }, [onSessionCreated]);

  // Leaving the chat stops the stream; the server keeps what was said as `aborted`.
  useEffect(() => () => controllerRef.current?.abort(), []);
  useEffect(() => void turnClient.preload().catch(() => undefined), []);

  const send = useCallback(
    async ({ message, sessionId, branch = null }: { message: string; sessionId: string | null; branch?: TurnBranch | null }): Promise<TurnOutcome> => {
      const slot = await gate.acquire();
      if (!slot) return { sent: false, acknowledged: false, phase: null };
      const controller = new AbortController();
      controllerRef.current = controller;
      localCounter += 1;
      const localId = `${Date.now().toString(36)}-${localCounter}`;
      dispatch({ type: "start", turn: startTurn({ message, sessionId, localId, now: new Date().toISOString(), branch }) });
      const stopState = { localId, acknowledged: false, requested: false, timer: null as ReturnType<typeof setTimeout> | null };
      stopRef.current = stopState;

      let acknowledgedSession: string | null = sessionId;
      let assistantMessageId: string | null = null;
      if (sessionId) streamingHere.add(sessionId);
      try {
        let runChatTurn: Awaited<ReturnType<typeof turnClient.preload>>["runChatTurn"];
        try {
          ({ runChatTurn } = await turnClient.preload());
        } catch {
          // Its code could not be fetched: nothing was sent.
          dispatch({ type: "event", localId, action: { event: "failed", failure: describeFailure({ code: "network" }) } });
          return { sent: true, acknowledged: false, phase: "error" };
        }
        return await runChatTurn({
          message,
          sessionId,
          branch,
          signal: controller.signal,
          dispatch: (action) => dispatch({ type: "event", localId, action }),
          onEvent: (event) => {
            if (event.event === "done" || event.event === "error") slot.end();
            if (event.event === "meta") {
              acknowledgedSession = event.data.sessionId;
              assistantMessageId = event.data.assistantMessageId;
              stopState.acknowledged = true;
              streamingHere.add(event.data.sessionId);
              if (!sessionId) onSessionCreatedRef.current?.(event.data.sessionId);
              // Stop was pressed while waiting: now that the answer has an id, cut the stream.
              if (stopState.requested) controller.abort();
            }
            // The charge itself arrives as a live `credits` event when it is made; `done` confirms it.
            const credits = event.event === "done" ? event.data.credits : null;
            if (credits !== null) setCredits(queryClient, credits);
          },
        });
      } finally {
        if (stopState.timer) clearTimeout(stopState.timer);
        if (stopRef.current === stopState) stopRef.current = null;
        controllerRef.current = null;
        slot.release();
        if (sessionId) streamingHere.delete(sessionId);
        if (acknowledgedSession) streamingHere.delete(acknowledgedSession);
        const answer = acknowledgedSession && assistantMessageId ? { sessionId: acknowledgedSession, messageId: assistantMessageId } : null;
        refreshAfterTurn(queryClient, acknowledgedSession, { history: answer === null });
        // An answer has ids only once the turn's code has run, so that code is here to settle it.
        if (answer) {
          void turnClient
            .preload()
            .then(({ settleStoredAnswer }) => settleStoredAnswer(queryClient, answer))
            .then((settled) => settled && dispatch({ type: "settle", localId }), () => undefined);
        }
      }
    },
    [queryClient, gate],
  );

  const stop = useCallback(() => {
    const controller = controllerRef.current;
    const state = stopRef.current;
    if (!controller) return;
    if (!state || state.acknowledged) {
      controller.abort();
      return;
    }
    if (state.requested) return;
    state.requested = true;
    dispatch({ type: "event", localId: state.localId, action: { event: "stop-requested" } });
    // A server that never acknowledges must not keep the user waiting: cut it anyway.
    state.timer = setTimeout(() => controller.abort(), STOP_WAIT_MS);
  }, []);

  /** The finished turn stops adding to the conversation (another version of it is about to be shown). */
  const settle = useCallback(() => dispatch({ type: "settle" }), []);

  return { turn, send, stop, settle, isStreaming: isTurnActive(turn) };
}
