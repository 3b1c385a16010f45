import { requireChatCaller } from "@/lib/auth/caller";
import { historyQuery, sessionIdQuery } from "@/lib/chat/schemas";
import { clearHistory, getHistory } from "@/lib/chat/service";
import { json, route, methods } from "@/lib/http";
import { beforeLink, pageLinks } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Page 1 is the newest messages; `next` goes further back in time. Oldest first within a page. From page
 * 1 and from a `before` page, `next` is by key (`before` = the oldest message shown), so messages written
 * meanwhile never shift what it returns; a numbered page asked for keeps numbered links.
 */
export const GET = route(async ({ request, query }) => {
  const caller = await requireChatCaller(request);
  const input = query(historyQuery);
  const { count, results, nextBefore } = await getHistory(caller, input);
  const olderThanFirstPage = input.page === 1 && count > results.length ? (results[0]?.id ?? null) : null;
  const links =
    input.before || input.page === 1
      ? { next: beforeLink(request.nextUrl, { before: input.before ? nextBefore : olderThanFirstPage, pageSize: input.pageSize }), previous: null }
      : pageLinks(request.nextUrl, { page: input.page, pageSize: input.pageSize, count });
  return json({ count, ...links, results });
});

export const DELETE = route(async ({ request, query, ctx }) => {
  const caller = await requireChatCaller(request);
  const input = query(sessionIdQuery);
  return json(await clearHistory(caller, input, ctx));
});

export const { POST, PUT, PATCH, OPTIONS } = methods({ GET, DELETE });
