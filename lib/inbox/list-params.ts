import { SESSION_STATUSES, type SessionStatus } from "@/lib/chat/vocabulary";
import { isUuid } from "@/lib/ids";
import { listPageOf } from "@/lib/pagination";
import type { InboxFilter } from "@/lib/query-keys";

/**
 * /inbox's list as its address holds it (`?status=&person=&q=&page=`), read the same way by the page's
 * server render (its first data) and by the browser, so both ask for the same list.
 */

export const INBOX_PAGE_SIZE = 20;

export type InboxListFilters = { status?: SessionStatus; person?: string; q: string };

export function inboxFiltersOf(params: URLSearchParams): InboxListFilters {
  const person = params.get("person");
  return {
    status: SESSION_STATUSES.find((status) => status === params.get("status")),
    person: person && isUuid(person) ? person : undefined,
    q: (params.get("q") ?? "").trim(),
  };
}

/** The GET /api/inbox query of those filters on `page`. */
export function inboxListQuery(filters: InboxListFilters, page: number): InboxFilter {
  return { status: filters.status, userId: filters.person, q: filters.q || undefined, page, pageSize: INBOX_PAGE_SIZE };
}

/** The list's query from the address: its filters and its page. */
export function inboxListQueryOf(params: URLSearchParams): InboxFilter {
  return inboxListQuery(inboxFiltersOf(params), listPageOf(params));
}
