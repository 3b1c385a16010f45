import { requireUser } from "@/lib/auth/require-user";
import { listFeedback } from "@/lib/chat/feedback";
import { feedbackListQuery } from "@/lib/chat/schemas";
import { json, methods, route } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Admins: the business's ratings of the assistant's answers, newest first; `?rating=up|down&page=&pageSize=`. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(feedbackListQuery);
  const { count, results } = await listFeedback(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
