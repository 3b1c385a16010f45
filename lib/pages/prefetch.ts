import "server-only";
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from "@tanstack/react-query";
import { headers } from "next/headers";
import { logger } from "@/lib/logger";
import { toPage, type Page } from "@/lib/pagination";

/** A value as it would arrive from the API: dates as ISO strings, undefined fields absent. */
export function asWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export type PagePrefetch =
  | { key: QueryKey; load: () => Promise<unknown> }
  /** A list read page by page (`useInfiniteQuery`): its first page. */
  | { key: QueryKey; loadFirstPage: () => Promise<unknown>; firstPageParam: unknown };

/**
 * The page's first data, read on the server with the same services its API routes call and handed to
 * the tab's query cache (`HydrationBoundary`), so the page renders with it instead of fetching it
 * after load. Each read is the API's answer in its wire form under the key the page's hook reads.
 * A read that fails is left out: the hook asks the API as usual and shows its own error.
 */
export async function prefetchPageData(reads: PagePrefetch[]): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  await Promise.all(
    reads.map(async (read) => {
      try {
        if ("loadFirstPage" in read) {
          const firstPage = asWire(await read.loadFirstPage());
          queryClient.setQueryData(read.key, { pages: [firstPage], pageParams: [read.firstPageParam] });
        } else {
          queryClient.setQueryData(read.key, asWire(await read.load()));
        }
      } catch (error) {
        logger().warn({ err: error, queryKey: read.key }, "page data not prefetched; the page will ask for it");
      }
    }),
  );
  return dehydrate(queryClient);
}

/** The page request's query (`searchParams` of a page) as the browser's URLSearchParams reads it: a repeated key's first value. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}

/**
 * The absolute URL on this site of the API request `path` with `query` (its defined values, in order),
 * as the page's hook sends it and the API route's `request.nextUrl` reads it (for a list's links).
 */
export async function pageApiUrl(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<URL> {
  const requestHeaders = await headers();
  const protocol = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  const url = new URL(path, `${protocol}://${requestHeaders.get("host") ?? "localhost"}`);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

/**
 * One page of a page-numbered list as its API route answers `GET path?query` (the request the page's
 * hook makes): the count, the links and the rows.
 */
export async function listAsApi<T>(
  path: string,
  query: { page: number; pageSize: number } & Record<string, string | number | boolean | undefined>,
  list: () => Promise<{ count: number; results: T[] }>,
): Promise<Page<T>> {
  const { count, results } = await list();
  return toPage(await pageApiUrl(path, query), { page: query.page, pageSize: query.pageSize, count, results });
}
