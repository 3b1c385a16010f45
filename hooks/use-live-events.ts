"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useAuth } from "@/hooks/use-auth";
import { chatKeys, DELETE_SESSION_MUTATION_KEY, sessionsStreamingHere, setCredits } from "@/hooks/use-chat";
import { chatFileKeys } from "@/hooks/use-chat-files";
import { applyInboxUpdates, putMessage } from "@/hooks/use-inbox";
import { getAccessToken, renewAccessToken } from "@/lib/api-client";
import type { ChatMessageDto, ChatSessionDto } from "@/lib/chat/schemas";
import { connectEventStream } from "@/lib/events/client";
import { hasUnsettledMessage, listedSessionIds, withoutSession, withSessionTitle, type PagedList } from "@/lib/events/cached-lists";
import { liveUpdates, openUpdates, renderedPosition, type LiveContext, type LiveUpdate } from "@/lib/events/live-cache";
import { RENDERED_EVENT_POSITION_KEY } from "@/lib/events/schemas";
import { purchaseQueryKeys, walletKeys } from "@/lib/query-keys";
import { inboxUpdates } from "@/lib/inbox/live";
import { useAppPathname } from "@/hooks/use-app-route";

/**
 * The signed-in member's live events (GET /api/events), one connection per tab, kept open while
 * they are signed in: what other tabs and the server change shows up here without a reload.
 * lib/events/live-cache.ts decides what each event changes; this only applies it to the cache.
 */
export function useLiveEvents() {
  const { status, user } = useAuth();
  // The widget's iframe is another site's page: the visitor's chat is not the member's.
  const embedded = useAppPathname().startsWith("/embed/");
  const userId = status === "authenticated" && !embedded ? (user?.id ?? null) : null;
  // An admin's tab also keeps the support inbox live.
  const admin = user?.role === "admin";
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!userId) return;
    let opened = false;
    // The first connection resumes from where the page's data was read, when the server rendered it
    // for this member: what changed in between is replayed. Later ones resume from the position the
    // stream gave (its `ready`, then each event); without either, a connection starts afresh.
    const from = renderedPosition(queryClient.getQueryData(RENDERED_EVENT_POSITION_KEY), userId);
    let sawEvent = from !== null;
    // Each try to connect asks for the authorization once: more than one before the first open means it failed meanwhile.
    let tries = 0;
    const connection = connectEventStream({
      from,
      authorization: async () => {
        tries += 1;
        const token = await getAccessToken();
        return token ? `Bearer ${token}` : null;
      },
      // An access token refused as expired is renewed (one refresh shared with the API client's requests);
      // a session that cannot be renewed signs out through the API client.
      renewAuthorization: async (sent) => {
        const token = await renewAccessToken(sent.replace(/^Bearer\s+/i, ""));
        return token ? `Bearer ${token}` : null;
      },
      handlers: {
        onEvent: (event) => {
          sawEvent = true;
          applyUpdates(queryClient, liveUpdates(event, contextOf(queryClient, userId)));
          if (admin) applyInboxUpdates(queryClient, inboxUpdates(event, { selfId: userId, now: Date.now() }));
        },
        onResync: () => applyUpdates(queryClient, [{ kind: "refetch-all" }]),
        onReady: () => {
          // Resuming from a known position replays what was missed: nothing to refetch.
          applyUpdates(queryClient, openUpdates({ first: !opened, resumed: sawEvent, retried: tries > 1 }));
          opened = true;
          sawEvent = true;
        },
      },
    });
    return () => connection.close();
  }, [queryClient, userId, admin]);
}

function contextOf(queryClient: QueryClient, userId: string): LiveContext {
  const listed = listedSessionIds(queryClient.getQueryData<PagedList<ChatSessionDto>>(chatKeys.sessions()));
  // A conversation open on the screen that the list does not hold is followed as one it does.
  for (const [, open] of queryClient.getQueriesData<ChatSessionDto>({ queryKey: chatKeys.openSessions() })) if (open) listed.add(open.id);
  const deleting = new Set(
    queryClient
      .getMutationCache()
      .findAll({ mutationKey: DELETE_SESSION_MUTATION_KEY, predicate: (mutation) => mutation.state.status !== "error" })
      .map((mutation) => mutation.state.variables)
      .filter((id): id is string => typeof id === "string"),
  );
  return { userId, listed, streaming: sessionsStreamingHere(), deleting, now: Date.now() };
}

function historyIdOf(queryKey: readonly unknown[]): string | null {
  const id = queryKey[0] === "chat" && queryKey[1] === "history" ? queryKey[2] : null;
  return typeof id === "string" ? id : null;
}

/** Applies what liveUpdates decided to the tab's queries. */
export function applyUpdates(queryClient: QueryClient, updates: LiveUpdate[]) {
  for (const update of updates) applyUpdate(queryClient, update);
}

function applyUpdate(queryClient: QueryClient, update: LiveUpdate) {
  switch (update.kind) {
    case "refetch-sessions":
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      return;
    case "rename-session":
      queryClient.setQueryData<PagedList<ChatSessionDto>>(chatKeys.sessions(), (data) => withSessionTitle(data, update));
      queryClient.setQueryData<ChatSessionDto>(chatKeys.openSession(update.sessionId), (open) => (open ? { ...open, title: update.title } : open));
      return;
    case "drop-session":
      queryClient.setQueryData<PagedList<ChatSessionDto>>(chatKeys.sessions(), (data) => withoutSession(data, update.sessionId));
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      if (update.forget) {
        // Emptied and, where on screen, fetched again: the 404 shows it as missing, as a stale link would.
        void queryClient.resetQueries({ queryKey: chatKeys.history(update.sessionId) });
        void queryClient.resetQueries({ queryKey: chatFileKeys.list(update.sessionId) });
      }
      return;
    case "refetch-history":
      void queryClient.invalidateQueries({ queryKey: chatKeys.history(update.sessionId) });
      return;
    case "put-message":
      putMessage(queryClient, update.message);
      return;
    case "set-credits":
      setCredits(queryClient, update.balance);
      return;
    case "set-wallet-balance":
      queryClient.setQueriesData<{ balance: number }>({ queryKey: walletKeys.all }, (wallet) => (wallet ? { ...wallet, balance: update.balance } : wallet));
      return;
    case "refetch-purchases":
      void queryClient.invalidateQueries({ queryKey: purchaseQueryKeys.all });
      return;
    case "set-typing":
      queryClient.setQueryData(chatKeys.typing(update.sessionId), update.typing);
      return;
    case "refetch-unsettled": {
      const streaming = sessionsStreamingHere();
      void queryClient.invalidateQueries({
        queryKey: chatKeys.histories(),
        predicate: (query) => {
          const id = historyIdOf(query.queryKey);
          return id !== null && !streaming.has(id) && hasUnsettledMessage(query.state.data as PagedList<ChatMessageDto> | undefined);
        },
      });
      return;
    }
    case "refetch-all": {
      // A conversation this tab is streaming into is refreshed by its turn when the answer ends.
      const streaming = sessionsStreamingHere();
      void queryClient.invalidateQueries({
        predicate: (query) => {
          const id = historyIdOf(query.queryKey);
          return id === null || !streaming.has(id);
        },
      });
    }
  }
}
