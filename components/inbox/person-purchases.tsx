"use client";

import Link from "next/link";
import { useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import { EmptyState, ErrorState, Pagination, SkeletonList } from "@/components/ui";
import { usePurchases } from "@/hooks/use-purchases";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";

const PAGE_SIZE = 10;

export interface PersonPurchasesProps {
  userId: string;
  name: string;
  /** The conversation on screen: a purchase made in it links to its messages tab instead of a new view. */
  sessionId: string;
  conversationHref: (sessionId: string) => string;
  onShowMessages: () => void;
}

/** A member's purchases with their totals, each linking to the conversation it was made in. */
export function PersonPurchases({ userId, name, sessionId, conversationHref, onShowMessages }: PersonPurchasesProps) {
  const timeZone = useTimeZone();
  const [page, setPage] = useState(1);
  const purchases = usePurchases({ page, pageSize: PAGE_SIZE, userId });

  if (purchases.isPending) return <SkeletonList label="Loading purchases" count={3} itemClassName="h-16" />;
  if (purchases.isError) {
    return <ErrorState message={errorMessage(purchases.error, "The purchases could not be loaded.")} onRetry={() => void purchases.refetch()} retrying={purchases.isFetching} />;
  }
  const { results, count, totals } = purchases.data;
  if (count === 0) {
    return <EmptyState headingLevel={3} title="No purchases yet" description={`${name} has not bought anything.`} className="py-8" />;
  }
  return (
    <div className="space-y-3" aria-busy={purchases.isFetching}>
      {totals ? (
        <dl className="grid grid-cols-2 gap-2">
          <div className="rounded-lg border border-border bg-surface p-3">
            <dt className="text-xs text-fg-muted">Purchases</dt>
            <dd className="text-lg font-semibold tabular-nums text-fg" data-testid="purchases-count">
              {formatCount(totals.count)}
            </dd>
          </div>
          <div className="rounded-lg border border-border bg-surface p-3">
            <dt className="text-xs text-fg-muted">Total spent</dt>
            <dd className="text-lg font-semibold tabular-nums text-fg" data-testid="purchases-total">
              {formatMoney(totals.revenue)}
            </dd>
          </div>
        </dl>
      ) : null}
      <ul aria-label={`${name}'s purchases`} className="space-y-2">
        {results.map((purchase) => (
          <li key={purchase.id} data-testid="person-purchase" className="rounded-lg border border-border bg-surface p-3 text-sm shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold text-fg">{purchase.productName}</p>
              <p className="font-semibold tabular-nums text-fg">{formatMoney(purchase.total)}</p>
            </div>
            <p className="mt-1 text-fg-muted">
              {purchase.quantity} × {formatMoney(purchase.unitPrice)} · <time dateTime={purchase.createdAt}>{formatDateTime(purchase.createdAt, timeZone)}</time>
            </p>
            {purchase.sessionId === sessionId ? (
              <button type="button" onClick={onShowMessages} className="focus-ring mt-1 rounded text-accent-fg underline underline-offset-2">
                Made in this conversation
              </button>
            ) : purchase.sessionId ? (
              <Link href={conversationHref(purchase.sessionId)} scroll={false} className="focus-ring mt-1 inline-block rounded text-accent-fg underline underline-offset-2">
                Open the conversation
              </Link>
            ) : (
              <p className="mt-1 text-xs text-fg-muted">Not made in a conversation.</p>
            )}
          </li>
        ))}
      </ul>
      {count > PAGE_SIZE ? (
        <Pagination page={page} pageCount={Math.ceil(count / PAGE_SIZE)} onPageChange={setPage} disabled={purchases.isFetching} />
      ) : null}
    </div>
  );
}
