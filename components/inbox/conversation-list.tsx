"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useNow, useTimeZone } from "@/components/layout/time-zone";
import { EmptyState, ErrorState, Input, Label, Pagination, Select, SkeletonList, InteractiveFieldset } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useAuditActors } from "@/hooks/use-audit";
import type { InboxConversationDto, useInbox } from "@/hooks/use-inbox";
import { errorMessage } from "@/lib/api-client";
import { SESSION_STATUSES, type SessionStatus } from "@/lib/chat/vocabulary";
import { formatCount, formatDateTime } from "@/lib/format";
import type { InboxListFilters } from "@/lib/inbox/list-params";
import { ConversationStatus } from "./conversation-status";
import { channelLabel, formatRelativeTime, previewOf, STATUS_LABELS } from "./format";

const SEARCH_DELAY_MS = 300;

export interface ConversationListProps {
  inbox: ReturnType<typeof useInbox>;
  filters: InboxListFilters;
  page: number;
  pageSize: number;
  selectedId: string | null;
  /** The name of the person filtered on, when they are not one of the members (an end user). */
  personName: string | null;
  /** The admin reading: a conversation they are with says "With you". */
  selfId: string | null;
  hrefFor: (sessionId: string) => string;
  onOpen: (conversation: InboxConversationDto) => void;
  onFilter: (filters: Partial<InboxListFilters>) => void;
  onPage: (page: number) => void;
}

export function ConversationList({ inbox, filters, page, pageSize, selectedId, personName, selfId, hrefFor, onOpen, onFilter, onPage }: ConversationListProps) {
  const members = useAuditActors();
  const now = useNow();
  const [draft, setDraft] = useState(filters.q);
  const [applied, setApplied] = useState(filters.q);
  // The search this box sent: its arrival in the URL must not undo what was typed since.
  const [sent, setSent] = useState(filters.q);

  // Back/forward or a cleared filter changes the URL: the box follows it.
  if (applied !== filters.q) {
    setApplied(filters.q);
    if (filters.q !== sent) {
      setDraft(filters.q);
      setSent(filters.q);
    }
  }

  useEffect(() => {
    const q = draft.trim();
    if (q === filters.q) return;
    const timer = setTimeout(() => {
      setSent(q);
      onFilter({ q });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, filters.q, onFilter]);

  const rows = inbox.data?.results ?? [];
  const count = inbox.data?.count ?? 0;
  const filtered = Boolean(filters.status || filters.person || filters.q);
  const personIsMember = members.data?.some((member) => member.id === filters.person) ?? false;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <form role="search" aria-label="Filter conversations" onSubmit={(event) => event.preventDefault()}>
        <InteractiveFieldset className="space-y-2">
          <div>
            <Label htmlFor="inbox-search" className="sr-only">
              Search messages
            </Label>
            <Input
              id="inbox-search"
              type="search"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              placeholder="Search messages…"
              maxLength={200}
              autoComplete="off"
            />
          </div>
          <div className="grid grid-cols-2 gap-2">
            <div>
              <Label htmlFor="inbox-status" className="sr-only">
                Status
              </Label>
              <Select id="inbox-status" value={filters.status ?? ""} onChange={(event) => onFilter({ status: (event.target.value || undefined) as SessionStatus | undefined })}>
                <option value="">Any status</option>
                {SESSION_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <Label htmlFor="inbox-person" className="sr-only">
                Person
              </Label>
              <Select id="inbox-person" value={filters.person ?? ""} onChange={(event) => onFilter({ person: event.target.value || undefined })}>
                <option value="">Everyone</option>
                {filters.person && !personIsMember ? <option value={filters.person}>{personName ?? "The chosen person"}</option> : null}
                {members.data?.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </Select>
            </div>
          </div>
        </InteractiveFieldset>
      </form>

      <div className="flex items-baseline justify-between gap-2 px-1 text-xs text-fg-muted">
        <p aria-live="polite">
          {inbox.data ? `${formatCount(count)} ${count === 1 ? "conversation" : "conversations"}${filtered ? (count === 1 ? " matches" : " match") : ""}` : "\u00a0"}
        </p>
        {filtered ? (
          <button type="button" className="focus-ring rounded font-medium text-accent-fg hover:underline" onClick={() => onFilter({ status: undefined, person: undefined, q: "" })}>
            Clear filters
          </button>
        ) : null}
      </div>

      <nav aria-label="Conversation list" aria-busy={inbox.isFetching} className="relative -mx-1 min-h-0 flex-1 overflow-y-auto px-1">
        {inbox.isPending ? (
          <SkeletonList label="Loading conversations" count={6} itemClassName="h-20" />
        ) : inbox.isError ? (
          <ErrorState message={errorMessage(inbox.error, "The conversations could not be loaded.")} onRetry={() => void inbox.refetch()} retrying={inbox.isFetching} />
        ) : rows.length === 0 && count > 0 ? (
          <PastTheEnd lastPage={Math.ceil(count / pageSize)} onPageChange={onPage} />
        ) : rows.length === 0 ? (
          <EmptyState
            headingLevel={2}
            title={filtered ? "No conversations match" : "No conversations yet"}
            description={filtered ? "Try other words, or clear a filter." : "Conversations with members, website visitors and API callers appear here."}
            className="py-8"
          />
        ) : (
          <ul className="space-y-1.5">
            {rows.map((row) => (
              <ConversationRow key={row.id} row={row} now={now} selfId={selfId} selected={row.id === selectedId} href={hrefFor(row.id)} onOpen={() => onOpen(row)} />
            ))}
          </ul>
        )}
      </nav>
      {count > pageSize ? (
        <Pagination page={page} pageCount={Math.ceil(count / pageSize)} onPageChange={onPage} disabled={inbox.isFetching} />
      ) : null}
    </div>
  );
}

function ConversationRow({
  row,
  now,
  selfId,
  selected,
  href,
  onOpen,
}: {
  row: InboxConversationDto;
  now: Date;
  selfId: string | null;
  selected: boolean;
  href: string;
  onOpen: () => void;
}) {
  const timeZone = useTimeZone();
  const unread = row.unread > 0;
  return (
    <li data-testid="inbox-row" data-session-id={row.id} data-status={row.status} data-unread={row.unread}>
      <Link
        href={href}
        scroll={false}
        onClick={onOpen}
        aria-current={selected ? "true" : undefined}
        className={cn(
          "focus-ring block rounded-lg border px-3 py-2.5 transition-colors",
          selected ? "border-accent/60 bg-accent-soft" : "border-border bg-surface hover:bg-surface-muted",
          row.status === "needs_person" && !selected ? "shadow-[inset_4px_0_0_0_var(--color-amber-500)]" : null,
        )}
      >
        <span className="flex items-baseline justify-between gap-2">
          <span className={cn("min-w-0 truncate text-sm", unread ? "font-semibold text-fg" : "font-medium text-fg")}>{row.person.name}</span>
          <time dateTime={row.lastActivityAt} title={formatDateTime(row.lastActivityAt, timeZone)} className="shrink-0 text-xs text-fg-muted">
            {formatRelativeTime(row.lastActivityAt, timeZone, now)}
          </time>
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1.5">
          <ConversationStatus status={row.status} agent={row.agent} selfId={selfId} />
          <span className="text-xs text-fg-muted">{channelLabel(row)}</span>
          {unread ? (
            <span data-testid="unread-count" className="ml-auto inline-flex min-w-5 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold text-on-accent">
              {formatCount(row.unread)}
              <span className="sr-only"> unread {row.unread === 1 ? "message" : "messages"}</span>
            </span>
          ) : null}
        </span>
        <span className={cn("mt-1 line-clamp-2 text-sm break-words", unread ? "text-fg" : "text-fg-muted")} data-testid="inbox-preview">
          {previewOf(row.lastMessage, row.person.name)}
        </span>
      </Link>
    </li>
  );
}
