"use client";

import { describeEntry } from "@/components/audit/describe-entry";
import { useTimeZone } from "@/components/layout/time-zone";
import { ErrorState, SkeletonText } from "@/components/ui";
import { useProductHistory } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";

/** The product's audit trail, newest first. */
export function ProductHistory({ productId }: { productId: string }) {
  const timeZone = useTimeZone();
  const history = useProductHistory(productId);
  if (history.isPending) return <SkeletonText lines={4} />;
  if (history.isError) {
    return <ErrorState message={errorMessage(history.error)} onRetry={() => history.refetch()} retrying={history.isFetching} />;
  }
  if (history.data.length === 0) return <p className="text-sm text-fg-muted">No recorded changes yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Product history">
      {history.data.map((entry) => {
        const { title, details } = describeEntry({ ...entry, entityType: "product", entityId: productId });
        return (
          <li key={entry.id} className="border-l-2 border-border pl-3 text-sm">
            <p className="font-medium text-fg">{title}</p>
            <p className="text-xs text-fg-muted">
              {entry.actorName ?? "Someone"} · <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
            </p>
            {details.length > 0 ? (
              <ul className="mt-1 space-y-0.5 text-xs text-fg-muted">
                {details.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
