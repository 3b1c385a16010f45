import { requireChatCaller } from "@/lib/auth/caller";
import { FILE_UPLOAD_ROUTE, receiveChatFile } from "@/lib/files/receive";
import { listChatFiles, uploadChatFile } from "@/lib/files/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async ({ request, params }) => {
  const caller = await requireChatCaller(request);
  return json(await listChatFiles(caller, { sessionId: params.id }));
});

/** Multipart with one `file` part: CSV, TSV or JSON. A larger Content-Length is refused before reading (413). */
export const POST = route<Params>(async ({ request, params, bytes, ctx }) => {
  const caller = await requireChatCaller(request);
  const upload = await receiveChatFile(caller, { request, bytes, ctx });
  return json({ file: await uploadChatFile(caller, { sessionId: params.id, ...upload }, ctx) }, { status: 201 });
}, FILE_UPLOAD_ROUTE);

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
