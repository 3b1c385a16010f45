import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ChatWorkspace } from "@/components/chat/chat-workspace";
import { Markdown } from "@/components/chat/markdown";
import { getBusiness } from "@/lib/business/service";
import { listSessions } from "@/lib/chat/service";
import { listChatSuggestions } from "@/lib/chat/suggestions";
import { getBalance } from "@/lib/credits/service";
import { pageLinks } from "@/lib/pagination";
import { pageApiUrl, prefetchPageData } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { CHAT_SESSIONS_PAGE_SIZE, chatKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Assistant" };

// The chat's composer sits on the screen's bottom edge: reaching under a phone's rounded corners and
// home indicator lets it pad itself with env(safe-area-inset-bottom) instead of leaving a strip.
export const viewport: Viewport = { viewportFit: "cover" };

/**
 * The chat screen is the layout, not the pages: moving from /chat to /chat/<id> (after the first
 * message names the conversation) or between conversations keeps it mounted, so a streaming answer
 * is never cut off by navigation.
 */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewerOf("/chat");
  const business = viewer ? await getBusiness(viewer.actor).catch(() => null) : null;
  const greeting = business?.settings.greeting;
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
