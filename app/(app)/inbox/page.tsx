import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { RoleGuard } from "@/components/auth/role-guard";
import { InboxView } from "@/components/inbox/inbox-view";
import { inboxListQueryOf } from "@/lib/inbox/list-params";
import { inboxQuerySchema } from "@/lib/inbox/schemas";
import { listInbox } from "@/lib/inbox/service";
import { listAsApi, prefetchPageData, searchParamsOf } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { inboxKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewerOf("/inbox");
  // The list the address asks for and how many wait for a person, as the page's hooks ask for them.
  const query = inboxListQueryOf(searchParamsOf(await searchParams));
  const firstData = await prefetchPageData(
    viewer
      ? [
          { key: inboxKeys.list(query), load: () => listAsApi("/api/inbox", query, () => listInbox(viewer.actor, inboxQuerySchema.parse(query))) },
          {
            key: inboxKeys.waiting(),
            load: async () => (await listInbox(viewer.actor, inboxQuerySchema.parse({ status: "needs_person", pageSize: 1 }))).count,
          },
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        {/* useSearchParams needs a boundary: the filters and the open conversation live in the URL so a view can be shared. */}
        <Suspense>
          <InboxView />
        </Suspense>
      </RoleGuard>
    </HydrationBoundary>
  );
}
