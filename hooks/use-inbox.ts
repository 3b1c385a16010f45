"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { api, definedOnly } from "@/lib/api-client";
import type { ChatMessageDto, ChatSessionDetailsDto, ChatSessionDto } from "@/lib/chat/schemas";
import { canPlaceMessage, withMessage, type PagedList } from "@/lib/events/cached-lists";
import type { InboxUpdate } from "@/lib/inbox/live";
import { activeTypers, firstTypingExpiry, withoutTypers, withTyper, type Typer } from "@/lib/inbox/typers";
import type { InboxConversationDto } from "@/lib/inbox/schemas";
import type { Page } from "@/lib/pagination";
import { inboxKeys, purchaseQueryKeys, type InboxFilter } from "@/lib/query-keys";
import { businessKeys } from "./use-business";
import { chatKeys, sessionsStreamingHere } from "./use-chat";

/** React Query hooks for the support inbox (docs/api.md: inbox), and what its live events change. */

export type { InboxConversationDto, Typer };


// Until this tab's live connection hands the inbox its first event, the lists poll so a new
// message still shows up; after it, the events keep them fresh.
const FALLBACK_POLL_MS = 10_000;
let heardLiveEvent = false;
const pollInterval = () => (heardLiveEvent ? false : FALLBACK_POLL_MS);

// ---- the list -------------------------------------------------------------------------------

/** GET /api/inbox: one page of the business's conversations, those waiting for a person first. */
export function useInbox(filter: InboxFilter) {
  return useQuery({
    queryKey: inboxKeys.list(filter),
    queryFn: async ({ signal }) =>
      (await api.get<Page<InboxConversationDto>>("/api/inbox", { params: definedOnly(filter), signal })).data,
    placeholderData: keepPreviousData,
    refetchInterval: pollInterval,
  });
}

/** How many conversations wait for a person, whatever the list's filters. */
export function useWaitingCount() {
  return useQuery({
    queryKey: inboxKeys.waiting(),
    queryFn: async ({ signal }) =>
      (await api.get<Page<InboxConversationDto>>("/api/inbox", { params: { status: "needs_person", pageSize: 1 }, signal })).data.count,
    refetchInterval: pollInterval,
  });
}

// ---- one conversation -----------------------------------------------------------------------

/** GET /api/chat/sessions/:id (admins read any of the business's): status and the read mark. */
export function useConversationDetails(sessionId: string | null) {
  return useQuery({
    queryKey: inboxKeys.conversation(sessionId ?? "none"),
    enabled: sessionId !== null,
    queryFn: async ({ signal }) =>
      (await api.get<ChatSessionDetailsDto>(`/api/chat/sessions/${encodeURIComponent(sessionId!)}`, { signal })).data,
    refetchInterval: pollInterval,
  });
}

function putSession(queryClient: QueryClient, session: ChatSessionDto) {
  queryClient.setQueryData<ChatSessionDetailsDto>(inboxKeys.conversation(session.id), (details) => (details ? { ...details, ...session } : details));
  void queryClient.invalidateQueries({ queryKey: inboxKeys.lists() });
}

/** POST /api/inbox/:id/takeover or /handback: a person answers the conversation, or the assistant again. */
export function useHandling(sessionId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: "takeover" | "handback") =>
      (await api.post<{ session: ChatSessionDto }>(`/api/inbox/${encodeURIComponent(sessionId!)}/${action}`)).data.session,
    onSuccess: (session) => putSession(queryClient, session),
    // Refused because the conversation changed meanwhile (another person took it, it closed): show it as it is now.
    onError: () => refetchConversation(queryClient, sessionId),
  });
}

/**
 * POST /api/inbox/:id/reply: the admin's message, shown at once in the conversation (replying takes it over).
 * `onSent` hears of each reply the server took, also after the admin has moved on to another conversation.
 */
export function useAgentReply(sessionId: string | null, { onSent }: { onSent?: (sessionId: string, text: string) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (message: string) =>
      (await api.post<{ message: ChatMessageDto }>(`/api/inbox/${encodeURIComponent(sessionId!)}/reply`, { message })).data.message,
    onSuccess: (message, text) => {
      onSent?.(message.sessionId, text);
      putMessage(queryClient, message);
      queryClient.setQueryData<ChatSessionDetailsDto>(inboxKeys.conversation(message.sessionId), (details) =>
        details ? { ...details, status: "with_person" } : details,
      );
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists() });
    },
    onError: () => refetchConversation(queryClient, sessionId),
  });
}

/**
 * A message written elsewhere (or an answer to this tab's request) into its conversation's cached
 * history; fetched again instead where the history cannot place it (a new version, another branch).
 */
export function putMessage(queryClient: QueryClient, message: ChatMessageDto) {
  const key = chatKeys.history(message.sessionId);
  if (canPlaceMessage(queryClient.getQueryData(key), message)) queryClient.setQueryData<PagedList<ChatMessageDto>>(key, (data) => withMessage(data, message));
  else void queryClient.invalidateQueries({ queryKey: key });
}

function refetchConversation(queryClient: QueryClient, sessionId: string | null) {
  if (sessionId) void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(sessionId) });
  void queryClient.invalidateQueries({ queryKey: inboxKeys.lists() });
}

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

/** Whether the tab is on screen (false during the server render). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === "visible",
    () => false,
  );
}

/**
 * Marks the conversation read up to its newest message (POST /api/inbox/:id/read) while `active`
 * (open and shown) and the tab is visible: once per newest message, again when one arrives.
 */
export function useMarkRead({ sessionId, newestMessageId, active }: { sessionId: string | null; newestMessageId: string | null; active: boolean }) {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const marked = useRef<string | null>(null);

  useEffect(() => {
    if (!active || !visible || !sessionId || !newestMessageId) return;
    const mark = `${sessionId}:${newestMessageId}`;
    if (marked.current === mark) return;
    marked.current = mark;
    api
      .post<{ seenUpTo: string | null }>(`/api/inbox/${encodeURIComponent(sessionId)}/read`, { upToMessageId: newestMessageId })
      .then(() => {
        queryClient.setQueriesData<Page<InboxConversationDto>>({ queryKey: inboxKeys.lists() }, (page) =>
          page && typeof page === "object" && "results" in page
            ? { ...page, results: page.results.map((row) => (row.id === sessionId ? { ...row, unread: 0 } : row)) }
            : page,
        );
        void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(sessionId) });
      })
      .catch(() => {
        // Tried again with the next message, or when the tab is shown again.
        if (marked.current === mark) marked.current = null;
      });
  }, [active, visible, sessionId, newestMessageId, queryClient]);
}

// ---- typing ----------------------------------------------------------------------------------

/** Who else is typing in the conversation now; each signal drops out by itself when it runs out. */
export function useTypers(sessionId: string | null): Typer[] {
  const queryClient = useQueryClient();
  const key = inboxKeys.typing(sessionId ?? "none");
  const { data } = useQuery({
    queryKey: key,
    enabled: sessionId !== null,
    // Filled by live events only: reading the cache never overwrites a signal that just arrived.
    queryFn: () => queryClient.getQueryData<Typer[]>(key) ?? [],
    staleTime: Infinity,
  });

  useEffect(() => {
    const first = firstTypingExpiry(data);
    if (first === null || !sessionId) return;
    const timer = setTimeout(
      () => queryClient.setQueryData<Typer[]>(inboxKeys.typing(sessionId), (typers) => activeTypers(typers, Date.now())),
      Math.max(0, first - Date.now()) + 20,
    );
    return () => clearTimeout(timer);
  }, [data, sessionId, queryClient]);

  return data ?? [];
}

// ---- live events ----------------------------------------------------------------------------

// A turn brings several events in a row (the question, the answer started, finished): the list is
// fetched once after them.
const LIST_REFRESH_DELAY_MS = 250;
const listRefreshes = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

function refreshLists(queryClient: QueryClient) {
  if (listRefreshes.has(queryClient)) return;
  listRefreshes.set(
    queryClient,
    setTimeout(() => {
      listRefreshes.delete(queryClient);
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists() });
    }, LIST_REFRESH_DELAY_MS),
  );
}

/**
 * Applies what one live event (GET /api/events) changes in the inbox (lib/inbox/live.ts
 * `inboxUpdates`) to this tab's queries: the lists, an open conversation's messages and status, who
 * is typing, and a person's purchases and credits. Meant for the tab's one event connection
 * (hooks/use-live-events.ts), for an admin.
 */
export function applyInboxUpdates(queryClient: QueryClient, updates: readonly InboxUpdate[]) {
  heardLiveEvent = true;
  for (const update of updates) applyInboxUpdate(queryClient, update);
}

/** What the inbox shows may have missed events (the stream answered `resync`): fetch it again. */
export function applyInboxResync(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
}

function applyInboxUpdate(queryClient: QueryClient, update: InboxUpdate) {
  switch (update.kind) {
    case "refetch-inbox":
      refreshLists(queryClient);
      return;
    case "refetch-conversation":
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(update.sessionId) });
      return;
    case "set-status":
      queryClient.setQueryData<ChatSessionDetailsDto>(inboxKeys.conversation(update.sessionId), (details) =>
        details ? { ...details, status: update.status } : details,
      );
      return;
    case "put-message":
      // A conversation this tab is streaming an answer into shows it from its own stream.
      if (sessionsStreamingHere().has(update.message.sessionId)) return;
      putMessage(queryClient, update.message);
      return;
    case "set-typer":
      queryClient.setQueryData<Typer[]>(inboxKeys.typing(update.sessionId), (typers) => withTyper(activeTypers(typers, Date.now()), update.typer));
      return;
    case "drop-typers":
      queryClient.setQueryData<Typer[]>(inboxKeys.typing(update.sessionId), (typers) => (typers ? withoutTypers(typers, update.who) : typers));
      return;
    case "refetch-ledger":
      void queryClient.invalidateQueries({ queryKey: [...businessKeys.ledgers(), update.userId] });
      return;
    case "refetch-purchases":
      void queryClient.invalidateQueries({ queryKey: purchaseQueryKeys.all });
  }
}
