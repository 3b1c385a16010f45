import type { AuditFilters } from "@/lib/query-keys";

/**
 * /audit's list as its address holds it (`?actorId=&action=&entityType=&entityId=&from=&to=`, the page number aside),
 * read the same way by the page's server render (its first data) and by the browser.
 */

export const AUDIT_PAGE_SIZE = 25;

/** The filters, in the order the address and the API request carry them. */
export const AUDIT_FILTER_KEYS = ["actorId", "action", "entityType", "entityId", "from", "to"] as const;

/** The filters the address sets (empty ones left out). */
export function auditFiltersOf(params: URLSearchParams): AuditFilters {
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, params.get(key) ?? ""]).filter(([, value]) => value)) as AuditFilters;
}

/**
 * The filters as the list asks for them: a day filter names the viewer's zone, whose days it means (the
 * page's server render and the browser send the same, so the first rows hydrate the browser's query).
 */
export function withDayZone(filters: AuditFilters, timeZone: string): AuditFilters {
  return filters.from || filters.to ? { ...filters, timeZone } : filters;
}
