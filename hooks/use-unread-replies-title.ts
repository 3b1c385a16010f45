"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import type { PagedList } from "@/lib/events/cached-lists";
import { chatKeys } from "@/lib/query-keys";

/** The tab's title with how many replies came while it was away: "(2) Assistant · Product Assistant". */
export function titleWithUnread(title: string, unread: number): string {
  return unread > 0 ? `(${unread > 9 ? "9+" : unread}) ${title}` : title;
}

function personReplies(data: PagedList<ChatMessageDto> | undefined): Set<string> {
  return new Set((data?.pages ?? []).flatMap((page) => page.results).filter((message) => message.role === "agent").map((message) => message.id));
}

/**
 * A person's replies that arrive in the conversation while this tab is hidden are counted in its title,
 * as mail and chat apps do, so a member who went on to another tab sees that the team answered. Coming
 * back to the tab clears the count; a hand-back to the assistant meanwhile does not (the reply is still unread).
 */
export function useUnreadRepliesTitle(sessionId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const key = chatKeys.history(sessionId);
    let seen: Set<string> | null = null;
    let titled: { base: string } | null = null;
    const update = () => {
      if (document.visibilityState === "visible") {
        seen = null;
        if (titled) document.title = titled.base;
        titled = null;
        return;
      }
      const data = queryClient.getQueryData<PagedList<ChatMessageDto>>(key);
      // What was there when the tab was hidden is read, once the history is here to say.
      if (!data && !seen) return;
      const replies = personReplies(data);
      seen ??= replies;
      const unread = [...replies].filter((id) => !seen!.has(id)).length;
      if (unread === 0 && !titled) return;
      titled ??= { base: document.title };
      document.title = titleWithUnread(titled.base, unread);
    };
    const stopWatching = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.query.queryKey.join("\0") === key.join("\0")) update();
    });
    document.addEventListener("visibilitychange", update);
    update();
    return () => {
      stopWatching();
      document.removeEventListener("visibilitychange", update);
      if (titled) document.title = titled.base;
    };
  }, [queryClient, sessionId]);
}
