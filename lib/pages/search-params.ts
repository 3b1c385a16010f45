/** A page's query as Next hands it over: the App Router's `searchParams`, the Pages Router's `context.query`. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A query parameter's first value (`?a=1&a=2` is "1"); a repeated parameter is not a list to the pages. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
