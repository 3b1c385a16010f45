import { requireChatCaller } from "@/lib/auth/caller";
import { historyQuery, sessionIdQuery } from "@/lib/chat/schemas";
import { clearHistory, getHistory } from "@/lib/chat/service";
import { json, route, methods } from "@/lib/http";
import { beforeLink, pageLinks } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Page 1 is the newest messages; `next` goes further back in time. Oldest first within a page. */
export const GET = route(async ({ request, query }) => {
  const caller = await requireChatCaller(request);
  const input = query(historyQuery);
  const { count, results, nextBefore } = await getHistory(caller, input);
  const links = input.before
    ? { next: beforeLink(request.nextUrl, { before: nextBefore, pageSize: input.pageSize }), previous: null }
    : pageLinks(request.nextUrl, { page: input.page, pageSize: input.pageSize, count });
  return json({ count, ...links, results });
});

export const DELETE = route(async ({ request, query, ctx }) => {
  const caller = await requireChatCaller(request);
  const input = query(sessionIdQuery);
  return json(await clearHistory(caller, input, ctx));
});

export const { POST, PUT, PATCH, OPTIONS } = methods({ GET, DELETE });
