"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { chatFileKeys, updateFileList } from "@/hooks/use-chat-files";
import { api } from "@/lib/api-client";
import type { ChatFileDto, ChatFileRowsDto } from "@/lib/files/schemas";

/** One file attached to a conversation, as its panel shows it (docs/api.md: chat files). */

const filePath = (fileId: string) => `/api/chat/files/${encodeURIComponent(fileId)}`;

/** One page of a file's records, in file order; the previous page stays on screen while the next loads. */
export function useChatFileRows(fileId: string | null, { limit, offset }: { limit: number; offset: number }) {
  return useQuery({
    queryKey: chatFileKeys.page(fileId ?? "none", { limit, offset }),
    enabled: fileId !== null,
    queryFn: async () => (await api.post<ChatFileRowsDto>(`${filePath(fileId!)}/query`, { limit, offset })).data,
    placeholderData: keepPreviousData,
  });
}

export function useDeleteChatFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: Pick<ChatFileDto, "id" | "sessionId">) => {
      await api.delete(filePath(file.id));
    },
    onSuccess: (_data, file) => {
      updateFileList(queryClient, file.sessionId, (files) => files.filter((f) => f.id !== file.id));
      queryClient.removeQueries({ queryKey: chatFileKeys.rows(file.id) });
    },
    onSettled: (_data, _error, file) => queryClient.invalidateQueries({ queryKey: chatFileKeys.list(file.sessionId) }),
  });
}
