import "server-only";
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from "@tanstack/react-query";
import { logger } from "@/lib/logger";

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
