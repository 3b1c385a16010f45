import "server-only";
import { limitAccountOf, type ChatCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { MULTIPART_ENVELOPE_BYTES, multipartFile } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";
import type { RequestContext } from "@/lib/request-context";
import { FILE_LIMITS } from "./parse";

/** The body limit of a route that takes a chat file: the largest file and its multipart envelope. */
export const FILE_UPLOAD_ROUTE = { maxBodyBytes: FILE_LIMITS.maxBytes + MULTIPART_ENVELOPE_BYTES };

/**
 * The file of an upload request (multipart, one `file` part), counted against the caller's upload limit:
 * 413 past 10 MB, 415 when not multipart, 400 without the part.
 */
export async function receiveChatFile(
  caller: ChatCaller,
  input: { request: Request; bytes: () => Promise<Uint8Array>; ctx: RequestContext },
): Promise<{ name: string; text: string; size: number }> {
  await enforceLimit("file_upload", { clientAddress: input.ctx.clientAddress, accountId: limitAccountOf(caller) });
  const file = await multipartFile(input.request, input.bytes);
  if (file.size > FILE_LIMITS.maxBytes) throw new AppError("payload_too_large", "The file is larger than 10 MB.");
  return { name: file.name, text: await file.text(), size: file.size };
}
