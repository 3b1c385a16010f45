import { assertCan } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { json, methods, multipartFile, route, uploadRouteOptions } from "@/lib/http";
import { IMPORT_MAX_BYTES, importProducts } from "@/lib/products/import";
import { uploadedText } from "@/lib/uploaded-text";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";


const TOO_LARGE = `The file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB; split it into smaller files.`;

/** Multipart upload with one `file` part: a CSV with a header row, or a JSON array. */
export const POST = route(
  async ({ request, bytes, ctx }) => {
    const actor = await requireUser(request);
    // Refuse before reading up to 5 MB from a caller who may not import anyway.
    assertCan(actor, "product:import");
    const file = await multipartFile(request, bytes);
    if (file.size > IMPORT_MAX_BYTES) {
      throw new AppError("payload_too_large", TOO_LARGE);
    }
    const result = await importProducts(
      actor,
      { file: { name: file.name, type: file.type, text: await uploadedText(file) } },
      ctx,
    );
    return json(result);
  },
  uploadRouteOptions(IMPORT_MAX_BYTES, TOO_LARGE),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });
