import { requireChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { FILE_LIMITS } from "@/lib/files/parse";
import { listChatFiles, uploadChatFile } from "@/lib/files/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

// The multipart envelope (boundaries, part headers) rides on top of the 10 MB file.
const ENVELOPE_BYTES = 64 * 1024;

export const GET = route<Params>(async ({ request, params }) => {
  const caller = await requireChatCaller(request);
  return json(await listChatFiles(caller, { sessionId: params.id }));
});

/** Multipart with one `file` part: CSV, TSV or JSON. A larger Content-Length is refused before reading (413). */
export const POST = route<Params>(
  async ({ request, params, bytes, ctx }) => {
    const caller = await requireChatCaller(request);
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError("unsupported_media_type", 'Send the file as multipart/form-data in a field named "file".');
    }
    let form: FormData;
    try {
      form = await new Response(Buffer.from(await bytes()), { headers: { "content-type": contentType } }).formData();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("invalid_request", "The multipart body does not parse.");
    }
    const file = form.get("file");
    if (!file || typeof file === "string") {
      throw new AppError("invalid_request", 'Attach the file in a field named "file".', { fields: { file: ["A CSV, TSV or JSON file is required."] } });
    }
    if (file.size > FILE_LIMITS.maxBytes) throw new AppError("payload_too_large", "The file is larger than 10 MB.");
    const uploaded = await uploadChatFile(caller, { sessionId: params.id, name: file.name, text: await file.text(), size: file.size }, ctx);
    return json({ file: uploaded }, { status: 201 });
  },
  { maxBodyBytes: FILE_LIMITS.maxBytes + ENVELOPE_BYTES },
);

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });
