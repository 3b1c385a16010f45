import { assertCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { json, route, methods } from "@/lib/http";
import { IMPORT_MAX_BYTES, importProducts } from "@/lib/products/import";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The multipart envelope (boundaries, part headers) rides on top of the 5 MB file.
const ENVELOPE_BYTES = 64 * 1024;

/** Multipart upload with one `file` part: a CSV with a header row, or a JSON array. */
export const POST = route(
  async ({ request, bytes, ctx }) => {
    const actor = await requireUser(request);
    // Refuse before reading up to 5 MB from a caller who may not import anyway.
    assertCan(actor, "product:import");
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError("invalid_request", "Send the file as multipart/form-data in a field named \"file\".");
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
      throw new AppError("invalid_request", "Attach the file in a field named \"file\".", {
        fields: { file: ["A CSV or JSON file is required."] },
      });
    }
    if (file.size > IMPORT_MAX_BYTES) {
      throw new AppError("payload_too_large", "The file exceeds 5 MB; split it into smaller files.");
    }
    const result = await importProducts(
      actor,
      { file: { name: file.name, type: file.type, text: await file.text() } },
      ctx,
    );
    return json(result);
  },
  { maxBodyBytes: IMPORT_MAX_BYTES + ENVELOPE_BYTES },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
