"use client";

import Link from "next/link";
import { describeEntry } from "@/components/audit/describe-entry";
import { useTimeZone } from "@/components/layout/time-zone";
import { buttonClasses, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, ErrorState, SkeletonText } from "@/components/ui";
import { useAuditLog } from "@/hooks/use-audit";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";

const NO_FILTERS = {};
/** As often as the dashboard's figures (hooks/use-dashboard.ts), so the page's "Updated" time holds for this card too. */
export const RECENT_ACTIVITY_REFRESH_MS = 60_000;

export function RecentActivity() {
  const timeZone = useTimeZone();
  const audit = useAuditLog(NO_FILTERS, 1, 8, { refetchInterval: RECENT_ACTIVITY_REFRESH_MS });
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="space-y-1">
          <CardTitle as="h3">Recent activity</CardTitle>
          <CardDescription>The latest changes from the audit log</CardDescription>
        </div>
        <Link href="/audit" className={buttonClasses({ variant: "secondary", size: "sm" })}>
          Audit log
        </Link>
      </CardHeader>
      <CardContent aria-busy={audit.isPending}>
        {audit.isPending ? (
          <SkeletonText lines={6} />
        ) : audit.isError ? (
          <ErrorState message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} retrying={audit.isFetching} />
        ) : audit.data.results.length === 0 ? (
          <EmptyState headingLevel={4} title="No activity yet" description="Changes to products, users and settings show up here." className="py-8" />
        ) : (
          <ol className="divide-y divide-border" aria-label="Recent changes">
            {audit.data.results.map((entry) => {
              const { title } = describeEntry(entry);
              return (
                <li key={entry.id} className="py-2.5">
                  <p className="text-sm text-fg">{title}</p>
                  <p className="text-xs text-fg-muted">
                    {entry.actorName ?? "System"} · <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
