import { z } from "zod";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_PAGE = 1_000_000;

// An empty parameter (`?page=`) means "not given", as a form that submits blank fields sends it.
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

/**
 * `?page=&pageSize=` of every list endpoint, spread into its query schema. A pageSize over the
 * maximum is served as the maximum rather than refused (the `next` link then carries the real size).
 */
export const pageQuery = {
  page: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: "page must be a number." })
      .int("page must be a whole number.")
      .min(1, "page must be at least 1.")
      .max(MAX_PAGE, `page must be at most ${MAX_PAGE}.`)
      .default(1),
  ),
  pageSize: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: "pageSize must be a number." })
      .int("pageSize must be a whole number.")
      .min(1, "pageSize must be at least 1.")
      .default(DEFAULT_PAGE_SIZE)
      .transform((value) => Math.min(value, MAX_PAGE_SIZE)),
  ),
};

/**
 * `?format=` of a list that can also be downloaded: `csv` answers every matching row as a CSV file
 * (same filters and permissions, paging ignored) instead of one JSON page.
 */
export const listFormatQuery = {
  format: z.enum(["json", "csv"], { error: "format must be json or csv." }).default("json"),
};

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
