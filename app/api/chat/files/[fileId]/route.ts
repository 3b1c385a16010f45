import { requireChatCaller } from "@/lib/auth/caller";
import { deleteChatFile, getChatFile } from "@/lib/files/service";
import { json, methods, noContent, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { fileId: string };

export const GET = route<Params>(async ({ request, params }) => {
  const caller = await requireChatCaller(request);
  return json({ file: await getChatFile(caller, { fileId: params.fileId }) });
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const caller = await requireChatCaller(request);
  await deleteChatFile(caller, { fileId: params.fileId }, ctx);
  return noContent();
});

export const { POST, PUT, PATCH, OPTIONS } = methods({ GET, DELETE });
