import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { ApprovalsView } from "@/components/products/approvals-view";
import { listAsApi, prefetchPageData } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { reviewsQuerySchema } from "@/lib/products/schemas";
import { listReviews } from "@/lib/products/service";
import { productKeys, REVIEWS_PAGE_SIZE } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const viewer = await getViewerOf("/approvals");
  // The queue's first page, oldest submission first, as the page's hook asks for it.
  const query = { page: 1, pageSize: REVIEWS_PAGE_SIZE, order: "oldest" as const };
  const firstData = await prefetchPageData(
    viewer
      ? [
          {
            key: productKeys.reviews(query.page, query.pageSize, query.order),
            load: () => listAsApi("/api/products/reviews", query, () => listReviews(viewer.actor, reviewsQuerySchema.parse(query))),
          },
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        <ApprovalsView />
      </RoleGuard>
    </HydrationBoundary>
  );
}
