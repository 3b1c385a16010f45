import { requireChatCaller } from "@/lib/auth/caller";
import { methods, noContent, route } from "@/lib/http";
import { typingSchema } from "@/lib/inbox/schemas";
import { setTyping } from "@/lib/inbox/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** `{on}`: the caller (the conversation's owner or an admin of its business) is typing, or stopped. */
export const POST = route<Params>(async ({ request, params, body }) => {
  const caller = await requireChatCaller(request);
  const input = await body(typingSchema);
  await setTyping(caller, { sessionId: params.id, on: input.on });
  return noContent();
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
