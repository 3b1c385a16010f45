"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { chatKeys } from "@/hooks/use-chat";
import { api, isCanceledRequest } from "@/lib/api-client";
import type { ChatFileDto, ChatFileListDto } from "@/lib/files/schemas";
import { lazyModule } from "@/lib/lazy-module";

/**
 * React Query hooks for the files attached to a conversation (docs/api.md: chat files): the list and an
 * upload. One file's records and its deletion, which only its panel needs, are hooks/use-chat-file.ts.
 */

export const chatFileKeys = {
  all: ["chat", "files"] as const,
  list: (sessionId: string) => ["chat", "files", "list", sessionId] as const,
  rows: (fileId: string) => ["chat", "files", "rows", fileId] as const,
  page: (fileId: string, page: { limit: number; offset: number }) => ["chat", "files", "rows", fileId, page] as const,
};

const sessionPath = (sessionId: string) => `/api/chat/sessions/${encodeURIComponent(sessionId)}`;

// The upload's request and its progress, fetched when a file is attached.
const uploadClient = lazyModule(() => import("@/lib/files/upload-client"));

/** Changes the cached list of a conversation's files (an upload landed, a file was deleted). */
export function updateFileList(queryClient: QueryClient, sessionId: string, update: (files: ChatFileDto[]) => ChatFileDto[]) {
  queryClient.setQueryData<ChatFileListDto>(chatFileKeys.list(sessionId), (list) => {
    if (!list) return list;
    const results = update(list.results);
    return { count: results.length, results };
  });
}

/** The files of a conversation, oldest first; nothing is fetched for a chat that has no session yet. */
export function useChatFiles(sessionId: string | null) {
  return useQuery({
    queryKey: chatFileKeys.list(sessionId ?? "none"),
    enabled: sessionId !== null,
    queryFn: async () => (await api.get<ChatFileListDto>(`${sessionPath(sessionId!)}/files`)).data,
  });
}

/**
 * The upload under way: which file, into which conversation (null until a new chat's session exists),
 * and how much of it was sent (0–100; 100 while the server reads it).
 */
export type UploadProgress = { name: string; sessionId: string | null; percent: number };

/**
 * Attaches a file to a conversation (multipart, field `file`) with its progress and a cancel. A new
 * chat has no session yet: the file starts one (POST /api/chat/files stores both or neither, titled by
 * the first message like any new chat), announced through `onSessionCreated`.
 */
export function useUploadChatFile({ onSessionCreated }: { onSessionCreated?: (sessionId: string) => void } = {}) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const onSessionCreatedRef = useRef(onSessionCreated);

  useEffect(() => {
    onSessionCreatedRef.current = onSessionCreated;
  }, [onSessionCreated]);

  // Leaving the chat cancels an upload nobody can see any more.
  useEffect(() => () => controllerRef.current?.abort(), []);

  const mutation = useMutation({
    mutationFn: async ({ file, sessionId }: { file: File; sessionId: string | null }): Promise<ChatFileDto> => {
      const controller = new AbortController();
      controllerRef.current = controller;
      setProgress({ name: file.name, sessionId, percent: 0 });
      try {
        const data = await (await uploadClient.preload()).sendChatFile({
          file,
          sessionId,
          signal: controller.signal,
          // A new chat's upload shows in the new chat until the file is stored (`sessionId` still null).
          onProgress: (percent) => setProgress({ name: file.name, sessionId, percent }),
        });
        if (data.session) {
          void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
          onSessionCreatedRef.current?.(data.session.id);
        }
        return data.file;
      } finally {
        if (controllerRef.current === controller) controllerRef.current = null;
      }
    },
    onSuccess: (file) => {
      updateFileList(queryClient, file.sessionId, (files) => [...files.filter((f) => f.id !== file.id), file]);
      void queryClient.invalidateQueries({ queryKey: chatFileKeys.list(file.sessionId) });
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
    // Cleared with the chip already in the list, so the bar and the chip never both vanish at once.
    onSettled: () => setProgress(null),
  });

  const cancel = useCallback(() => controllerRef.current?.abort(), []);

  return {
    upload: mutation.mutateAsync,
    progress,
    cancel,
    isUploading: mutation.isPending,
    /** The last upload's failure; a cancelled upload is not one. */
    error: mutation.isError && !isCanceledRequest(mutation.error) ? mutation.error : null,
    /** The conversation the last upload was for (null: a new chat's), so another one does not show its failure. */
    errorSession: mutation.variables?.sessionId,
    reset: mutation.reset,
  };
}
