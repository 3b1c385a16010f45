import { requireUser } from "@/lib/auth/require-user";
import { listUnanswered } from "@/lib/chat/feedback";
import { unansweredQuery } from "@/lib/chat/schemas";
import { json, methods, route } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Admins: the questions the assistant found nothing in the catalog for, grouped, most asked first; `?page=&pageSize=`. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(unansweredQuery);
  const { count, results } = await listUnanswered(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
