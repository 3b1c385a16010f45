/** DESIGN.md §3 list envelope: `next`/`previous` keep every other query parameter of the request. */
export function paginated<T>(
  url: URL,
  input: { page: number; pageSize: number; count: number; results: T[] },
): { count: number; next: string | null; previous: string | null; results: T[] } {
  const link = (page: number) => {
    const target = new URL(url);
    target.searchParams.set("page", String(page));
    target.searchParams.set("pageSize", String(input.pageSize));
    return target.toString();
  };
  const lastPage = Math.max(1, Math.ceil(input.count / input.pageSize));
  return {
    count: input.count,
    next: input.page < lastPage ? link(input.page + 1) : null,
    previous: input.page > 1 ? link(Math.min(input.page - 1, lastPage)) : null,
    results: input.results,
  };
}
