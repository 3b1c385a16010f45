/** `next` for keyset paging: the messages before the oldest one of this page. */
export function beforeLink(url: URL, input: { before: string | null; pageSize: number }): string | null {
  if (!input.before) return null;
  const target = new URL(url);
  target.searchParams.set("before", input.before);
  target.searchParams.set("pageSize", String(input.pageSize));
  target.searchParams.delete("page");
  return target.toString();
}
