"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { InteractiveFieldset } from "@/components/ui/interactive-fieldset";
import { Label } from "@/components/ui/label";
import { useChatSessions, useSessionSearch } from "@/hooks/use-chat";
import { errorMessage } from "@/lib/api-client";
import { formatShortDate } from "@/lib/format";
import type { ChatSessionDto } from "@/lib/chat/schemas";
import { SESSION_SEARCH_MAX_CHARS } from "@/lib/chat/vocabulary";

// Renaming and deleting are not on the chat's first load: the delete dialog (closed when the page
// arrives) renders only in the browser, the rename form only when asked for, and the sidebar fetches
// both once it is up, so neither waits for a download when used.
const DeleteSessionDialog = dynamic(() => import("./session-dialogs").then((module) => module.DeleteSessionDialog), { ssr: false });
const RenameForm = dynamic(() => import("./session-dialogs").then((module) => module.RenameForm));
const preloadSessionDialogs = () => void import("./session-dialogs").catch(() => undefined);

export interface SessionSidebarProps {
  activeId: string | null;
  onNewChat: () => void;
  /** Called after the conversation being viewed was deleted. */
  onActiveDeleted: () => void;
  /** A conversation was opened from the list (on a phone the drawer holding the list closes). */
  onOpen?: () => void;
  /** What the search box holds; kept by the parent so it survives the phone's drawer closing. */
  search: string;
  onSearch: (value: string) => void;
  className?: string;
}

// Long enough to let a word be typed, short enough to feel live.
const SEARCH_DELAY_MS = 300;

/** `value` once it has stayed the same for `delayMs`. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    // Clearing the box brings the whole list back at once.
    const timer = setTimeout(() => setSettled(value), value === "" ? 0 : delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function SessionSidebar({ activeId, onNewChat, onActiveDeleted, onOpen, search, onSearch, className }: SessionSidebarProps) {
  const term = useSettled(search.trim(), SEARCH_DELAY_MS);
  const searching = term !== "";
  const all = useChatSessions();
  const found = useSessionSearch(term);
  const sessions = searching ? found : all;
  // The sidebar and the phone's drawer may both be mounted: each box needs its own id for its label.
  const searchId = useId();
  const [renamingId, setRenamingId] = useState<string | null>(null);
  // After a rename closes, focus goes back to that row's Rename button rather than to <body>.
  const [focusRenameOf, setFocusRenameOf] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ChatSessionDto | null>(null);
  const list: (ChatSessionDto & { snippet?: string | null })[] = sessions.data?.pages.flatMap((page) => page.results) ?? [];
  useEffect(preloadSessionDialogs, []);

  return (
    <aside aria-label="Conversations" className={cn("flex min-h-0 flex-col gap-3", className)}>
      <Button type="button" onClick={onNewChat} className="w-full">
        New chat
      </Button>
      <form role="search" aria-label="Search conversations" onSubmit={(event) => event.preventDefault()}>
        <InteractiveFieldset>
          <Label htmlFor={searchId} className="sr-only">
            Search conversations
          </Label>
          <Input
            id={searchId}
            type="search"
            value={search}
            onChange={(event) => onSearch(event.target.value)}
            onKeyDown={(event) => {
              // Escape empties the box first; only an empty box lets it close the drawer around it.
              if (event.key === "Escape" && search !== "") {
                event.preventDefault();
                event.stopPropagation();
                onSearch("");
              }
            }}
            placeholder="Search conversations…"
            maxLength={SESSION_SEARCH_MAX_CHARS}
            autoComplete="off"
            className="h-9"
          />
        </InteractiveFieldset>
      </form>
      <p role="status" className="sr-only">
        {searching && sessions.isSuccess ? `${list.length === 0 ? "No" : list.length} conversation${list.length === 1 ? "" : "s"} found.` : ""}
      </p>
      <nav aria-label={searching ? "Conversations found" : "Conversation list"} className="min-h-0 flex-1 overflow-y-auto">
        {searching && sessions.isPending ? (
          <ul aria-label="Searching conversations" aria-busy="true" className="space-y-2">
            {[0, 1].map((i) => (
              <li key={i} className="h-9 animate-pulse rounded-lg bg-surface-muted" />
            ))}
          </ul>
        ) : sessions.isPending ? (
          <ul aria-label="Loading conversations" aria-busy="true" className="space-y-2">
            {[0, 1, 2, 3].map((i) => (
              <li key={i} className="h-9 animate-pulse rounded-lg bg-surface-muted" />
            ))}
          </ul>
        ) : sessions.isError ? (
          <div role="alert" className="space-y-2 text-sm">
            <p className="text-danger-fg">{errorMessage(sessions.error, "Your conversations could not be loaded.")}</p>
            <Button type="button" size="sm" variant="secondary" onClick={() => void sessions.refetch()}>
              Retry
            </Button>
          </div>
        ) : list.length === 0 ? (
          <p className="px-1 text-sm [overflow-wrap:anywhere] text-fg-muted">
            {searching ? `No conversation mentions “${term}”.` : "No conversations yet."}
          </p>
        ) : (
          <ul className="space-y-1">
            {list.map((session) =>
              renamingId === session.id ? (
                <li key={session.id}>
                  <RenameForm
                    session={session}
                    onDone={() => {
                      setRenamingId(null);
                      setFocusRenameOf(session.id);
                    }}
                  />
                </li>
              ) : (
                <SessionRow
                  key={session.id}
                  session={session}
                  active={session.id === activeId}
                  onRename={() => setRenamingId(session.id)}
                  onDelete={() => setDeleting(session)}
                  focusRename={focusRenameOf === session.id}
                  onFocused={() => setFocusRenameOf(null)}
                  onOpen={onOpen}
                  snippet={searching ? (session.snippet ?? null) : null}
                />
              ),
            )}
          </ul>
        )}
        {sessions.hasNextPage ? (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            className="mt-2 w-full"
            loading={sessions.isFetchingNextPage}
            onClick={() => void sessions.fetchNextPage()}
          >
            Load more conversations
          </Button>
        ) : null}
      </nav>
      <DeleteSessionDialog
        session={deleting}
        onCancel={() => setDeleting(null)}
        onDeleted={(deleted) => {
          setDeleting(null);
          if (deleted.id === activeId) onActiveDeleted();
        }}
      />
    </aside>
  );
}

function SessionRow({
  session,
  active,
  onRename,
  onDelete,
  focusRename,
  onFocused,
  onOpen,
  snippet,
}: {
  session: ChatSessionDto;
  active: boolean;
  onRename: () => void;
  onDelete: () => void;
  focusRename: boolean;
  onFocused: () => void;
  onOpen?: () => void;
  /** Where a search found its words in the conversation's messages. */
  snippet: string | null;
}) {
  const timeZone = useTimeZone();
  const renameRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!focusRename) return;
    renameRef.current?.focus();
    onFocused();
  }, [focusRename, onFocused]);

  return (
    <li
      className={cn(
        "group flex items-center gap-1 rounded-lg pr-1",
        active ? "bg-accent-soft" : "hover:bg-surface-muted",
      )}
    >
      <Link
        href={`/chat/${session.id}`}
        aria-current={active ? "page" : undefined}
        onClick={onOpen}
        className="focus-ring min-w-0 flex-1 rounded-lg px-3 py-2 text-sm"
      >
        <span className={cn("block truncate", active ? "font-semibold text-accent-fg" : "text-fg")}>{session.title}</span>
        {snippet ? <span className="mt-0.5 line-clamp-2 block text-xs [overflow-wrap:anywhere] text-fg-muted">{snippet}</span> : null}
        <span className="block text-xs text-fg-muted">{formatShortDate(session.lastActivityAt, timeZone)}</span>
      </Link>
      <button
        ref={renameRef}
        type="button"
        onClick={onRename}
        aria-label={`Rename “${session.title}”`}
        title="Rename"
        className="focus-ring inline-flex size-7 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-surface hover:text-fg"
      >
        <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
          <path d="M13.5 3.5l3 3L7 16H4v-3l9.5-9.5z" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </svg>
      </button>
      <button
        type="button"
        onClick={onDelete}
        aria-label={`Delete “${session.title}”`}
        title="Delete"
        className="focus-ring inline-flex size-7 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-surface hover:text-danger-fg"
      >
        <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
          <path
            d="M4 6h12M8 6V4h4v2m-6 0l1 10h6l1-10"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
    </li>
  );
}
