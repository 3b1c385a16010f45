import { api } from "@/lib/api-client";
import type { ChatSessionDto } from "@/lib/chat/schemas";
import type { ChatFileDto } from "./schemas";

/**
 * Sends one file into a conversation (multipart, field `file`), or into a new one when `sessionId` is
 * null (POST /api/chat/files stores both or neither), reporting how much was sent (0–100). Loaded when a
 * file is attached, not with the chat (hooks/use-chat-files.ts).
 */
export async function sendChatFile(input: {
  file: File;
  sessionId: string | null;
  signal: AbortSignal;
  onProgress: (percent: number) => void;
}): Promise<{ file: ChatFileDto; session?: ChatSessionDto }> {
  const form = new FormData();
  form.append("file", input.file);
  const path = input.sessionId ? `/api/chat/sessions/${encodeURIComponent(input.sessionId)}/files` : "/api/chat/files";
  const { data } = await api.post<{ file: ChatFileDto; session?: ChatSessionDto }>(path, form, {
    signal: input.signal,
    onUploadProgress: (event) => {
      if (event.total) input.onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    },
  });
  return data;
}
