import { requireUser } from "@/lib/auth/require-user";
import { clearMessageRating, rateMessage } from "@/lib/chat/feedback";
import { messageFeedbackSchema } from "@/lib/chat/schemas";
import { json, methods, noContent, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** A member rates an answer in their own conversation: `{rating: "up"|"down", reason?}`; again to change it. */
export const POST = route<Params>(async ({ request, params, body }) => {
  const actor = await requireUser(request);
  const input = await body(messageFeedbackSchema);
  return json({ feedback: await rateMessage(actor, { messageId: params.id, ...input }) });
});

/** Takes the member's rating back. */
export const DELETE = route<Params>(async ({ request, params }) => {
  const actor = await requireUser(request);
  await clearMessageRating(actor, { messageId: params.id });
  return noContent();
});

export const { GET, PUT, PATCH, OPTIONS } = methods({ POST, DELETE });
