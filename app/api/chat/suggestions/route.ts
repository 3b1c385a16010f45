import { requireUser } from "@/lib/auth/require-user";
import { listChatSuggestions } from "@/lib/chat/suggestions";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prompts to start a new conversation with, from the member's own business's catalog. */
export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  return json(await listChatSuggestions(actor));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
