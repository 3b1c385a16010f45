"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { Skeleton } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { useAuth } from "@/hooks/use-auth";
import { useInbox, useWaitingCount, type InboxConversationDto } from "@/hooks/use-inbox";
import { useListParams } from "@/hooks/use-list-params";
import { formatCount } from "@/lib/format";
import { isUuid } from "@/lib/ids";
import { INBOX_PAGE_SIZE, inboxFiltersOf, inboxListQuery, type InboxListFilters } from "@/lib/inbox/list-params";
import { ConversationList } from "./conversation-list";
import { withDraft, withReplySent, type Drafts } from "./drafts";
import { inboxDocumentTitle } from "./format";

// The open conversation (its thread, reply box, purchases and credits) is not on the list's first
// load: the server renders it when the address names one (and its code comes with the page), and
// otherwise it is fetched once the list is up, before the first click.
const ConversationPane = dynamic(() => import("./conversation-pane").then((module) => module.ConversationPane), {
  loading: () => <PaneSkeleton />,
});
const preloadConversationPane = () => void import("./conversation-pane").catch(() => undefined);

function PaneSkeleton() {
  return (
    <div aria-hidden="true" className="flex min-w-0 flex-1 flex-col gap-3 rounded-lg border border-border bg-background p-4 shadow-sm">
      <Skeleton className="h-6 w-40" />
      <Skeleton className="h-4 w-64" />
    </div>
  );
}

// Below this width one pane shows at a time (Tailwind's md).
const ONE_PANE_QUERY = "(max-width: 767px)";

/** Keeps "(n) Needs a person" at the front of the tab's title while this page is open. */
function useWaitingTitle(waiting: number, key: string) {
  const base = useRef<string | null>(null);
  useEffect(() => {
    base.current ??= document.title;
    // `key` (the URL) is a dependency because a navigation within the page may put the page's own title back.
    document.title = inboxDocumentTitle(waiting, base.current);
  }, [waiting, key]);
  useEffect(
    () => () => {
      if (base.current) document.title = base.current;
    },
    [],
  );
}

/** /inbox: the business's conversations on the left, the open one on the right (one at a time on a phone). */
export function InboxView() {
  const { user } = useAuth();
  const { searchParams, page, update } = useListParams();
  const filters = inboxFiltersOf(searchParams);
  const rawSession = searchParams.get("session");
  const sessionId = rawSession && isUuid(rawSession) ? rawSession : null;
  const inbox = useInbox(inboxListQuery(filters, page));
  const waiting = useWaitingCount();
  useWaitingTitle(waiting.data ?? 0, searchParams.toString());

  // The row last opened, so the pane still knows who the conversation is with after the list moves on.
  const [picked, setPicked] = useState<InboxConversationDto | null>(null);
  const rows = inbox.data?.results ?? [];
  const row = rows.find((r) => r.id === sessionId) ?? (picked?.id === sessionId ? picked : null);
  // The unsent replies, by conversation, while the inbox is open.
  const [drafts, setDrafts] = useState<Drafts>({});
  const onDraftChange = useCallback((id: string, text: string) => setDrafts((all) => withDraft(all, id, text)), []);
  const onReplySent = useCallback((id: string, text: string) => setDrafts((all) => withReplySent(all, id, text)), []);
  const personName = filters.person ? ([...rows, picked].find((r) => r?.person.id === filters.person)?.person.name ?? null) : null;

  const hrefWith = useCallback(
    (params: Record<string, string | undefined>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(params)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      return query ? `/inbox?${query}` : "/inbox";
    },
    [searchParams],
  );

  const onFilter = useCallback(
    (changes: Partial<InboxListFilters>) => {
      const params: Record<string, string | undefined> = {};
      if ("status" in changes) params.status = changes.status;
      if ("person" in changes) params.person = changes.person;
      if ("q" in changes) params.q = changes.q || undefined;
      update({ params });
    },
    [update],
  );

  useEffect(preloadConversationPane, []);

  // Focus follows the pane on a phone: into the conversation when its heading appears (the pane is
  // keyed by conversation, and its code may still be arriving), back to its row when it closes.
  const focusHeading = useCallback((heading: HTMLHeadingElement | null) => {
    if (heading && window.matchMedia(ONE_PANE_QUERY).matches) heading.focus();
  }, []);
  const lastOpened = useRef<string | null>(null);
  useEffect(() => {
    if (sessionId) lastOpened.current = sessionId;
    else if (lastOpened.current && window.matchMedia(ONE_PANE_QUERY).matches) {
      document.querySelector<HTMLAnchorElement>(`[data-session-id="${lastOpened.current}"] a`)?.focus();
    }
  }, [sessionId]);

  const waitingCount = waiting.data ?? 0;

  return (
    <div className="flex h-[calc(100dvh-8rem)] min-h-[30rem] flex-col gap-3 max-md:h-[calc(100dvh-7rem)]">
      <header className={cn("flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1", sessionId ? "max-md:sr-only" : null)}>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Inbox</h1>
        <p role="status" className="text-sm text-fg-muted" data-testid="waiting-count" data-count={waitingCount}>
          {waitingCount > 0 ? (
            <span className="font-medium text-amber-800 dark:text-amber-300">
              {formatCount(waitingCount)} {waitingCount === 1 ? "conversation needs" : "conversations need"} a person
            </span>
          ) : (
            "Nobody is waiting for a person"
          )}
        </p>
      </header>
      <div className="flex min-h-0 flex-1 gap-4">
        <section aria-label="Conversations" className={cn("min-h-0 flex-col md:flex md:w-80 md:shrink-0 lg:w-96", sessionId ? "hidden" : "flex w-full")}>
          <ConversationList
            inbox={inbox}
            filters={filters}
            page={page}
            pageSize={INBOX_PAGE_SIZE}
            selectedId={sessionId}
            personName={personName}
            selfId={user?.id ?? null}
            hrefFor={(id) => hrefWith({ session: id })}
            onOpen={setPicked}
            onFilter={onFilter}
            onPage={(next) => update({ params: {}, page: next })}
          />
        </section>
        {sessionId && user ? (
          <ConversationPane
            key={sessionId}
            sessionId={sessionId}
            row={row}
            self={{ id: user.id, name: user.name }}
            headingRef={focusHeading}
            draft={drafts[sessionId] ?? ""}
            onDraftChange={onDraftChange}
            onReplySent={onReplySent}
            onBack={() => update({ params: { session: undefined }, page })}
            onFilterPerson={filters.person === row?.person.id ? undefined : (person) => onFilter({ person })}
            conversationHref={(id) => (row?.person.id ? `/inbox?person=${row.person.id}&session=${id}` : hrefWith({ session: id }))}
          />
        ) : (
          <div className="hidden flex-1 items-center justify-center rounded-lg border border-dashed border-border text-sm text-fg-muted md:flex">
            Choose a conversation to read it and reply.
          </div>
        )}
      </div>
    </div>
  );
}
