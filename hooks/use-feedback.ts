"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, definedOnly } from "@/lib/api-client";
import type { FeedbackEntryDto, UnansweredQuestionDto } from "@/lib/chat/schemas";
import type { Page } from "@/lib/pagination";
import { feedbackKeys, type FeedbackFilter } from "@/lib/query-keys";

/** React Query hooks for the admins' view of the assistant's feedback (docs/api.md: feedback and unanswered questions). */

export type { FeedbackEntryDto, UnansweredQuestionDto };

/** GET /api/chat/feedback: the business's ratings, newest first; the previous page stays shown while the next loads. */
export function useFeedbackList(filter: FeedbackFilter) {
  return useQuery({
    queryKey: feedbackKeys.list(filter),
    queryFn: async ({ signal }) => (await api.get<Page<FeedbackEntryDto>>("/api/chat/feedback", { params: definedOnly(filter), signal })).data,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/chat/unanswered: the questions the assistant found nothing for, most asked first. */
export function useUnansweredQuestions({ page, pageSize }: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: feedbackKeys.unanswered(page, pageSize),
    queryFn: async ({ signal }) => (await api.get<Page<UnansweredQuestionDto>>("/api/chat/unanswered", { params: { page, pageSize }, signal })).data,
    placeholderData: keepPreviousData,
  });
}
