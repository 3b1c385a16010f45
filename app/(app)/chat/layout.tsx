import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ChatWorkspace } from "@/components/chat/chat-workspace";
import { Markdown } from "@/components/chat/markdown";
import { getBusiness } from "@/lib/business/service";
import { historyQuery } from "@/lib/chat/schemas";
import { getHistory, listSessions } from "@/lib/chat/service";
import { listChatSuggestions } from "@/lib/chat/suggestions";
import { getBalance } from "@/lib/credits/service";
import { isUuid } from "@/lib/ids";
import { pageLinks } from "@/lib/pagination";
import { PAGE_PATH_HEADER } from "@/lib/pages/page-path";
import { pageApiUrl, prefetchPageData } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { CHAT_HISTORY_PAGE_SIZE, CHAT_SESSIONS_PAGE_SIZE, chatKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Assistant" };

// The chat's composer sits on the screen's bottom edge: reaching under a phone's rounded corners and
// home indicator lets it pad itself with env(safe-area-inset-bottom) instead of leaving a strip.
export const viewport: Viewport = { viewportFit: "cover" };

/** The conversation a `/chat/<id>` path shows; null for any other path. */
function storedConversationOf(path: string | null): string | null {
  const id = path?.match(/^\/chat\/([^/]+)$/)?.[1];
  return id && isUuid(id) ? id : null;
}

/**
 * The chat screen is the layout, not the pages: moving from /chat to /chat/<id> (after the first
 * message names the conversation) or between conversations keeps it mounted, so a streaming answer
 * is never cut off by navigation.
 */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewerOf("/chat");
  const business = viewer ? await getBusiness(viewer.actor).catch(() => null) : null;
  const greeting = business?.settings.greeting;
  // A stored conversation's page arrives with its newest messages, as the chat's history hook reads them.
  const shownSessionId = viewer ? storedConversationOf((await headers()).get(PAGE_PATH_HEADER)) : null;
  // What the screen shows first: the assistant's name and greeting, the conversation list, the prompts to start with, the balance.
  const firstData = await prefetchPageData(
    viewer
      ? [
          { key: chatKeys.profile(), load: async () => business ?? getBusiness(viewer.actor) },
          {
            key: chatKeys.sessions(),
            firstPageParam: 1,
            loadFirstPage: async () => {
              const input = { page: 1, pageSize: CHAT_SESSIONS_PAGE_SIZE };
              const { count, results } = await listSessions({ kind: "member", businessId: viewer.actor.businessId, actor: viewer.actor }, input);
              return { count, ...pageLinks(await pageApiUrl("/api/chat/sessions"), { ...input, count }), results };
            },
          },
          { key: chatKeys.suggestions(), load: async () => (await listChatSuggestions(viewer.actor)).suggestions },
          { key: chatKeys.balance(), load: () => getBalance(viewer.actor) },
          ...(shownSessionId
            ? [
                {
                  key: chatKeys.history(shownSessionId),
                  firstPageParam: null,
                  loadFirstPage: async () => {
                    const input = historyQuery.parse({ sessionId: shownSessionId, pageSize: CHAT_HISTORY_PAGE_SIZE });
                    const { count, results } = await getHistory({ kind: "member", businessId: viewer.actor.businessId, actor: viewer.actor }, input);
                    const url = await pageApiUrl("/api/chat/history", { sessionId: shownSessionId, pageSize: CHAT_HISTORY_PAGE_SIZE });
                    return { count, ...pageLinks(url, { page: input.page, pageSize: input.pageSize, count }), results };
                  },
                },
              ]
            : []),
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <ChatWorkspace renderedGreeting={greeting ? { text: greeting, node: <Markdown>{greeting}</Markdown> } : null} />
      {children}
    </HydrationBoundary>
  );
}
