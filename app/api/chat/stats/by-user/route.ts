import { requireStatsCaller } from "@/lib/auth/caller";
import { getChatStatsByUser } from "@/lib/chat/stats";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A secret key with the stats scope, or an admin: sessions per end user. */
export const GET = route(async ({ request }) => {
  const { businessId } = await requireStatsCaller(request);
  return json(await getChatStatsByUser({ businessId }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
