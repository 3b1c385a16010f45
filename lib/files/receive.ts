import "server-only";
import { limitAccountOf, type ChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { multipartFile, uploadRouteOptions } from "@/lib/http";
import { uploadedText } from "@/lib/uploaded-text";
import { enforceLimit } from "@/lib/rate-limit/limits";
import type { RequestContext } from "@/lib/request-context";
import { FILE_LIMITS } from "./parse";

const FILE_TOO_LARGE = `The file is larger than ${FILE_LIMITS.maxBytes / (1024 * 1024)} MB.`;

/** The body limit of a route that takes a chat file: the largest file and its multipart envelope. */
export const FILE_UPLOAD_ROUTE = uploadRouteOptions(FILE_LIMITS.maxBytes, FILE_TOO_LARGE);

/**
 * The file of an upload request (multipart, one `file` part), counted against the caller's upload limit:
 * 413 past 10 MB, 415 when not multipart, 400 without the part.
 */
export async function receiveChatFile(
  caller: ChatCaller,
  input: { request: Request; bytes: () => Promise<Uint8Array>; ctx: RequestContext },
): Promise<{ name: string; text: string; size: number }> {
  await enforceLimit("file_upload", { clientAddress: input.ctx.clientAddress, accountId: limitAccountOf(caller) });
  // Anyone may be a new visitor at any time, each with a fresh allowance of their own: what one address
  // uploads through a publishable key is bounded too, for files are kept for the business's retention days.
  if (caller.kind === "visitor" && input.ctx.clientAddress) {
    await enforceLimit("visitor_file_upload", { clientAddress: `${input.ctx.clientAddress}:${caller.apiKeyId}` });
  }
  const file = await multipartFile(input.request, input.bytes);
  if (file.size > FILE_LIMITS.maxBytes) throw new AppError("payload_too_large", FILE_TOO_LARGE);
  return { name: file.name, text: await uploadedText(file), size: file.size };
}
