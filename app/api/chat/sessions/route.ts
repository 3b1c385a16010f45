import { requireUser } from "@/lib/auth/require-user";
import { pageLinks } from "@/lib/pagination";
import { createSessionSchema, listSessionsQuery } from "@/lib/chat/schemas";
import { createSession, listSessions } from "@/lib/chat/service";
import { json, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const input = query(listSessionsQuery);
  const actor = await requireUser(request);
  const { count, results } = await listSessions(actor, input);
  return json({ count, ...pageLinks(request.nextUrl, { ...input, count }), results });
});

export const POST = route(async ({ request, body }) => {
  const input = await body(createSessionSchema);
  const actor = await requireUser(request);
  return json(await createSession(actor, input), { status: 201 });
});
