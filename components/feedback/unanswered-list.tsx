"use client";

import { useTimeZone } from "@/components/layout/time-zone";
import { Badge, EmptyState, ErrorState, Pagination, SkeletonText } from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useUnansweredQuestions } from "@/hooks/use-feedback";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime } from "@/lib/format";
import { UNANSWERED_PAGE_SIZE } from "@/lib/query-keys";

/** The questions the assistant searched the catalog for and found nothing, most asked first. */
export function UnansweredList({ page, onPage }: { page: number; onPage: (page: number) => void }) {
  const timeZone = useTimeZone();
  const list = useUnansweredQuestions({ page, pageSize: UNANSWERED_PAGE_SIZE });
  const pageCount = list.data ? Math.max(1, Math.ceil(list.data.count / UNANSWERED_PAGE_SIZE)) : 1;

  return (
    <section aria-labelledby="unanswered-heading" aria-busy={list.isFetching} className="space-y-4">
      <div>
        <h2 id="unanswered-heading" className="text-lg font-semibold text-fg">
          Questions the assistant couldn’t answer
        </h2>
        <p className="text-sm text-fg-muted">
          It searched the catalog and found nothing to show: the catalog gaps to fill. The same question asked differently (case, spaces) counts once.
        </p>
      </div>
      {list.isPending ? (
        <SkeletonText lines={6} />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : list.data.results.length === 0 && list.data.count > 0 ? (
        <PastTheEnd headingLevel={3} lastPage={pageCount} onPageChange={onPage} />
      ) : list.data.results.length === 0 ? (
        <EmptyState headingLevel={3} title="No unanswered questions" description="Every search the assistant ran found something in the catalog." />
      ) : (
        <>
          <p className="text-sm text-fg-muted" aria-live="polite">
            {formatCount(list.data.count)} different {list.data.count === 1 ? "question" : "questions"}
          </p>
          <ol className="divide-y divide-border rounded-lg border border-border">
            {list.data.results.map((row) => (
              <li
                key={row.question}
                data-testid="unanswered-question"
                data-count={row.count}
                className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4 sm:p-4"
              >
                <p className="min-w-0 break-words whitespace-pre-line text-fg" title={row.question}>
                  {row.example.trim()}
                </p>
                <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm text-fg-muted">
                  <Badge tone={row.count > 1 ? "warning" : "neutral"}>
                    Asked {formatCount(row.count)} {row.count === 1 ? "time" : "times"}
                  </Badge>
                  <span>
                    last <time dateTime={row.lastAskedAt}>{formatDateTime(row.lastAskedAt, timeZone)}</time>
                  </span>
                </div>
              </li>
            ))}
          </ol>
          <Pagination page={page} pageCount={pageCount} onPageChange={onPage} disabled={list.isFetching} />
        </>
      )}
    </section>
  );
}
