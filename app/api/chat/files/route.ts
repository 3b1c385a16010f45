import { requireChatCaller } from "@/lib/auth/caller";
import { startWithFileQuery } from "@/lib/chat/schemas";
import { FILE_UPLOAD_ROUTE, receiveChatFile } from "@/lib/files/receive";
import { startConversationWithFile } from "@/lib/files/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A new conversation that starts with a file (multipart, one `file` part): both are stored, or neither.
 * A secret key may name the end user it is for (`?userIdentifier=`), as when it creates a session.
 * 201 `{session, file}`.
 */
export const POST = route(async ({ request, bytes, query, ctx }) => {
  const caller = await requireChatCaller(request);
  const { userIdentifier } = query(startWithFileQuery);
  const upload = await receiveChatFile(caller, { request, bytes, ctx });
  return json(await startConversationWithFile(caller, { ...upload, userIdentifier }, ctx), { status: 201 });
}, FILE_UPLOAD_ROUTE);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
