import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route } from "@/lib/http";
import { inboxQuerySchema } from "@/lib/inbox/schemas";
import { listInbox } from "@/lib/inbox/service";
import { pageLinks } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The business's conversations for its admins: `?status=&userId=&q=&page=&pageSize=`. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(inboxQuerySchema);
  const { count, results } = await listInbox(actor, input);
  return json({ count, ...pageLinks(request.nextUrl, { ...input, count }), results });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
