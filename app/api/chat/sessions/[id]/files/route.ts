import { limitAccountOf, requireChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { FILE_LIMITS } from "@/lib/files/parse";
import { listChatFiles, uploadChatFile } from "@/lib/files/service";
import { json, methods, MULTIPART_ENVELOPE_BYTES, multipartFile, route } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async ({ request, params }) => {
  const caller = await requireChatCaller(request);
  return json(await listChatFiles(caller, { sessionId: params.id }));
});

/** Multipart with one `file` part: CSV, TSV or JSON. A larger Content-Length is refused before reading (413). */
export const POST = route<Params>(
  async ({ request, params, bytes, ctx }) => {
    const caller = await requireChatCaller(request);
    await enforceLimit("file_upload", { clientAddress: ctx.clientAddress, accountId: limitAccountOf(caller) });
    const file = await multipartFile(request, bytes);
    if (file.size > FILE_LIMITS.maxBytes) throw new AppError("payload_too_large", "The file is larger than 10 MB.");
    const uploaded = await uploadChatFile(caller, { sessionId: params.id, name: file.name, text: await file.text(), size: file.size }, ctx);
    return json({ file: uploaded }, { status: 201 });
  },
  { maxBodyBytes: FILE_LIMITS.maxBytes + MULTIPART_ENVELOPE_BYTES },
);

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
