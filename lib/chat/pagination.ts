/** `next`/`previous` URLs for a page-numbered list, keeping the request's other query parameters. */
export function pageLinks(url: URL, input: { page: number; pageSize: number; count: number }) {
  const link = (page: number) => {
    const target = new URL(url);
    target.searchParams.set("page", String(page));
    target.searchParams.set("pageSize", String(input.pageSize));
    target.searchParams.delete("before");
    return target.toString();
  };
  const pages = Math.ceil(input.count / input.pageSize);
  return {
    next: input.page < pages ? link(input.page + 1) : null,
    previous: input.page > 1 ? link(Math.min(input.page - 1, Math.max(pages, 1))) : null,
  };
}

/** `next` for keyset paging: the messages before the oldest one of this page. */
export function beforeLink(url: URL, input: { before: string | null; pageSize: number }): string | null {
  if (!input.before) return null;
  const target = new URL(url);
  target.searchParams.set("before", input.before);
  target.searchParams.set("pageSize", String(input.pageSize));
  target.searchParams.delete("page");
  return target.toString();
}
