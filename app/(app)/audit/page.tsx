import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { AUDIT_PAGE_SIZE, auditFiltersOf, withDayZone } from "@/components/audit/list-params";
import { RoleGuard } from "@/components/auth/role-guard";
import { auditListQuerySchema } from "@/lib/audit/schemas";
import { listAudit } from "@/lib/audit/service";
import { listAsApi, prefetchPageData, searchParamsOf } from "@/lib/pages/prefetch";
import { getViewerOf, pageTime } from "@/lib/pages/viewer";
import { listPageOf } from "@/lib/pagination";
import { auditKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewerOf("/audit");
  // The entries the address's filters and page ask for, as the page's hook asks for them.
  const params = searchParamsOf(await searchParams);
  const filters = withDayZone(auditFiltersOf(params), (await pageTime()).timeZone);
  const query = { ...filters, page: listPageOf(params), pageSize: AUDIT_PAGE_SIZE };
  const firstData = await prefetchPageData(
    viewer
      ? [
          {
            key: auditKeys.list(filters, query.page, query.pageSize),
            load: () => listAsApi("/api/audit", query, () => listAudit(viewer.actor, auditListQuerySchema.parse(query))),
          },
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        {/* useSearchParams needs a boundary: the filters live in the URL so a view can be shared. */}
        <Suspense>
          <AuditView />
        </Suspense>
      </RoleGuard>
    </HydrationBoundary>
  );
}
