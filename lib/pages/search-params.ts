import { unstorableText } from "@/lib/http";

/** A page's query as Next hands it over: the App Router's `searchParams`, the Pages Router's `context.query`. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/**
 * A query parameter's first value (`?a=1&a=2` is "1"); a repeated parameter is not a list to the pages.
 * A value no page can look up (a NUL, an unpaired surrogate: a hand-edited URL) is not given at all:
 * the API answers it with a 400, a page shows what it would without it.
 */
export function firstParam(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && unstorableText(first) === null ? first : undefined;
}
