import type { ChatMessageDto, ChatSessionDto } from "@/lib/chat/schemas";
import type { Page } from "@/lib/pagination";

/**
 * The pure updaters of a tab's cached lists, for live events (lib/events/live-cache.ts) and the tab's
 * own renames and deletes alike. No zod here: the chat's first load needs these, not the event parser.
 */

/** A paged list as an infinite query keeps it: page 1 (the newest) first. */
export type PagedList<T> = { pages: Page<T>[]; pageParams: unknown[] };

// A message leaves `streaming` once; a late copy must not take a finished answer back.
function newer(current: ChatMessageDto, incoming: ChatMessageDto): boolean {
  return !(current.status !== "streaming" && incoming.status === "streaming");
}

/**
 * Whether a loaded history can show `message` as a fetch of it would: it holds the message, or the
 * message follows its newest one. Anything else (an edit's or a regeneration's new version, a message
 * on a branch the history does not show) only a fetch places, in the branch the conversation continues.
 */
export function canPlaceMessage(history: PagedList<ChatMessageDto> | undefined, message: ChatMessageDto): boolean {
  const newest = history?.pages[0];
  if (!newest) return false;
  return (newest.results.at(-1)?.id ?? null) === message.parentId || history.pages.some((page) => page.results.some((m) => m.id === message.id));
}

/**
 * A conversation's history with `message` in it: replaced where it is (its versions kept: an event
 * does not carry them), else added as the newest; unchanged when it cannot place it (canPlaceMessage).
 */
export function withMessage(history: PagedList<ChatMessageDto> | undefined, message: ChatMessageDto): PagedList<ChatMessageDto> | undefined {
  if (!history || !canPlaceMessage(history, message)) return history;
  const pageIndex = history.pages.findIndex((page) => page.results.some((m) => m.id === message.id));
  if (pageIndex >= 0) {
    const page = history.pages[pageIndex]!;
    const current = page.results.find((m) => m.id === message.id)!;
    if (!newer(current, message)) return history;
    const replaced = { ...message, versions: message.versions ?? current.versions };
    const pages = history.pages.map((p, i) => (i === pageIndex ? { ...p, results: p.results.map((m) => (m.id === message.id ? replaced : m)) } : p));
    return { ...history, pages };
  }
  // Page 1 holds the newest messages, oldest first.
  const [newest, ...older] = history.pages;
  return { ...history, pages: [{ ...newest!, count: newest!.count + 1, results: [...newest!.results, message] }, ...older] };
}

/** Whether a history shows an answer still being written. */
export function hasUnsettledMessage(history: PagedList<ChatMessageDto> | undefined): boolean {
  return history?.pages.some((page) => page.results.some((m) => m.status === "streaming")) ?? false;
}

export function withSessionTitle(
  sessions: PagedList<ChatSessionDto> | undefined,
  { sessionId, title }: { sessionId: string; title: string },
): PagedList<ChatSessionDto> | undefined {
  if (!sessions) return sessions;
  return { ...sessions, pages: sessions.pages.map((page) => ({ ...page, results: page.results.map((s) => (s.id === sessionId ? { ...s, title } : s)) })) };
}

export function withoutSession(sessions: PagedList<ChatSessionDto> | undefined, sessionId: string): PagedList<ChatSessionDto> | undefined {
  if (!sessions || !sessions.pages.some((page) => page.results.some((s) => s.id === sessionId))) return sessions;
  return {
    ...sessions,
    pages: sessions.pages.map((page) => ({ ...page, count: Math.max(0, page.count - 1), results: page.results.filter((s) => s.id !== sessionId) })),
  };
}

/** The ids of the conversations in a loaded list. */
export function listedSessionIds(sessions: PagedList<ChatSessionDto> | undefined): Set<string> {
  return new Set(sessions?.pages.flatMap((page) => page.results.map((s) => s.id)) ?? []);
}
