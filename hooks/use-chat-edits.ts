"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DELETE_SESSION_MUTATION_KEY } from "@/hooks/use-chat";
import { api } from "@/lib/api-client";
import type { ChatMessageDto, ChatSessionDetailsDto, ChatSessionDto, MessageFeedbackDto } from "@/lib/chat/schemas";
import type { FeedbackRating } from "@/lib/chat/vocabulary";
import { withoutSession, withSessionTitle, type PagedList } from "@/lib/events/cached-lists";
import { chatKeys } from "@/lib/query-keys";

// What a member changes in a conversation after it was written: its title, its deletion, a rating of an
// answer, a request for a person. Only the chat's rename form, its delete dialog, an answer's actions and
// the conversation's status line use them, and those load after the page (hooks/use-chat.ts holds what a
// new chat shows).

export function useRenameSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, title }: { id: string; title: string }) =>
      (await api.patch<ChatSessionDetailsDto>(`/api/chat/sessions/${encodeURIComponent(id)}`, { title })).data,
    onSuccess: (_data, { id, title }) => {
      queryClient.setQueryData<PagedList<ChatSessionDto>>(chatKeys.sessions(), (data) => withSessionTitle(data, { sessionId: id, title }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
  });
}

export function useDeleteSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: DELETE_SESSION_MUTATION_KEY,
    mutationFn: async (id: string) => {
      await api.delete(`/api/chat/sessions/${encodeURIComponent(id)}`);
    },
    onSuccess: (_data, id) => {
      queryClient.setQueryData<PagedList<ChatSessionDto>>(chatKeys.sessions(), (data) => withoutSession(data, id));
      queryClient.removeQueries({ queryKey: chatKeys.history(id) });
      queryClient.removeQueries({ queryKey: chatKeys.openSession(id) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
  });
}

/** The owner asks for a person of the business to join the conversation. */
export function useRequestPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) => (await api.post<{ session: ChatSessionDto }>(`/api/chat/sessions/${sessionId}/handoff`)).data.session,
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
  });
}

/** Stops waiting for a person (DELETE …/handoff): the assistant answers again. */
export function useWithdrawPersonRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) => (await api.delete<{ session: ChatSessionDto }>(`/api/chat/sessions/${sessionId}/handoff`)).data.session,
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
  });
}

export type MessageFeedback = { rating: FeedbackRating; reason: string | null };

function withFeedback(
  history: PagedList<ChatMessageDto> | undefined,
  { messageId, feedback }: { messageId: string; feedback: MessageFeedback | null },
): PagedList<ChatMessageDto> | undefined {
  if (!history) return history;
  return {
    ...history,
    pages: history.pages.map((page) => ({
      ...page,
      results: page.results.map((message) => (message.id === messageId ? { ...message, feedback } : message)),
    })),
  };
}

/**
 * 👍/👎 on an answer (POST /api/chat/messages/:id/feedback): one per member and answer, a new rating
 * replaces the old; `rating: null` takes it back (DELETE). Resolves to the rating now stored.
 */
export function useMessageFeedback(sessionId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      messageId,
      rating,
      reason,
    }: {
      messageId: string;
      rating: FeedbackRating | null;
      reason?: string | null;
    }): Promise<MessageFeedback | null> => {
      const path = `/api/chat/messages/${encodeURIComponent(messageId)}/feedback`;
      if (rating === null) {
        await api.delete(path);
        return null;
      }
      const { feedback } = (await api.post<{ feedback: MessageFeedbackDto }>(path, { rating, ...(reason ? { reason } : {}) })).data;
      return { rating: feedback.rating, reason: feedback.reason };
    },
    onSuccess: (feedback, { messageId }) => {
      if (!sessionId) return;
      queryClient.setQueryData<PagedList<ChatMessageDto>>(chatKeys.history(sessionId), (data) => withFeedback(data, { messageId, feedback }));
    },
  });
}
