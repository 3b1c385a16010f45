import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { RoleGuard } from "@/components/auth/role-guard";
import { FeedbackView } from "@/components/feedback/feedback-view";
import { feedbackViewOf } from "@/components/feedback/view-params";
import { listFeedback, listUnanswered } from "@/lib/chat/feedback";
import { feedbackListQuery, unansweredQuery } from "@/lib/chat/schemas";
import { listAsApi, prefetchPageData, searchParamsOf, type PagePrefetch } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { FEEDBACK_PAGE_SIZE, feedbackKeys, UNANSWERED_PAGE_SIZE } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewerOf("/feedback");
  // The tab the address opens, its filter and page, as the page's hooks ask for them.
  const { tab, rating, page } = feedbackViewOf(searchParamsOf(await searchParams));
  const reads: PagePrefetch[] = [];
  if (viewer && tab === "answers") {
    const query = { rating: rating === "all" ? undefined : rating, page, pageSize: FEEDBACK_PAGE_SIZE };
    reads.push({ key: feedbackKeys.list(query), load: () => listAsApi("/api/chat/feedback", query, () => listFeedback(viewer.actor, feedbackListQuery.parse(query))) });
  } else if (viewer) {
    const query = { page, pageSize: UNANSWERED_PAGE_SIZE };
    reads.push({
      key: feedbackKeys.unanswered(query.page, query.pageSize),
      load: () => listAsApi("/api/chat/unanswered", query, () => listUnanswered(viewer.actor, unansweredQuery.parse(query))),
    });
  }
  const firstData = await prefetchPageData(reads);
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        {/* useSearchParams needs a boundary: the tab, filter and page live in the URL so a view can be shared. */}
        <Suspense>
          <FeedbackView />
        </Suspense>
      </RoleGuard>
    </HydrationBoundary>
  );
}
