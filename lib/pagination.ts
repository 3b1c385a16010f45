/**
 * Paging helpers and sizes, without zod: browser code imports the sizes from here. The query
 * fragments that validate `?page=&pageSize=` are in lib/pagination-query.ts.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page number a list page's address holds (`?page=`): a whole number from 1, else the first page. */
export function listPageOf(params: URLSearchParams): number {
  const page = Number(params.get("page") ?? "1");
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The rows of page `page` (1-based) as LIMIT/OFFSET. */
export function pageWindow(input: { page: number; pageSize: number }): { limit: number; offset: number } {
  return { limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
}

/** The list envelope of docs/api.md. */
export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };

/**
 * `next`/`previous` as absolute URLs that keep every other query parameter of the request
 * (and drop a keyset `before`, which page numbers replace).
 */
export function pageLinks(url: URL, input: { page: number; pageSize: number; count: number }) {
  const link = (page: number) => {
    const target = new URL(url);
    target.searchParams.set("page", String(page));
    target.searchParams.set("pageSize", String(input.pageSize));
    target.searchParams.delete("before");
    return target.toString();
  };
  const lastPage = Math.max(1, Math.ceil(input.count / input.pageSize));
  return {
    next: input.page < lastPage ? link(input.page + 1) : null,
    previous: input.page > 1 ? link(Math.min(input.page - 1, lastPage)) : null,
  };
}

/** Wraps one page of results in the list envelope. */
export function toPage<T>(url: URL, input: { page: number; pageSize: number; count: number; results: T[] }): Page<T> {
  return { count: input.count, ...pageLinks(url, input), results: input.results };
}

/** `next` for keyset paging: the items before `before` (the oldest one of this page), `pageSize` of them. */
export function beforeLink(url: URL, input: { before: string | null; pageSize: number }): string | null {
  if (!input.before) return null;
  const target = new URL(url);
  target.searchParams.set("before", input.before);
  target.searchParams.set("pageSize", String(input.pageSize));
  target.searchParams.delete("page");
  return target.toString();
}
