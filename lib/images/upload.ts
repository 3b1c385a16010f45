import "server-only";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http";
import { IMAGE_MAX_BYTES, IMAGE_TOO_LARGE } from "./process";
import { imageUploadFieldsSchema } from "./schemas";

/**
 * The `file` and optional `alt` parts of an image upload, from a body read through the route's bounded
 * `bytes()`: 415 when it is not multipart, 400 when it does not parse or has no file, 413 over 5 MB.
 */
export async function readImageUpload(request: Request, bytes: () => Promise<Uint8Array>): Promise<{ bytes: Uint8Array; alt?: string }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", 'Send the image as multipart/form-data in a field named "file".');
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
    throw new AppError("invalid_request", 'Attach the image in a field named "file".', { fields: { file: ["An image file is required."] } });
  }
  if (file.size > IMAGE_MAX_BYTES) throw new AppError("payload_too_large", IMAGE_TOO_LARGE);
  const alt = form.get("alt");
  const fields = parseWith(imageUploadFieldsSchema, { alt: typeof alt === "string" ? alt : undefined });
  return { bytes: new Uint8Array(await file.arrayBuffer()), alt: fields.alt };
}
