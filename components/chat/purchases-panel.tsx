"use client";

import Link from "next/link";
import { useTimeZone } from "@/components/layout/time-zone";
import { Button } from "@/components/ui/button";
import { useMyPurchases } from "@/hooks/use-chat";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";

/** The signed-in user's purchases, newest first (the chat's Purchases tab). */
export function PurchasesPanel({ userId, onOpenConversation }: { userId: string | null; onOpenConversation: () => void }) {
  const timeZone = useTimeZone();
  const purchases = useMyPurchases(userId);
  const rows = (purchases.data?.pages.flatMap((page) => page.results) ?? [])
    .slice()
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

  if (purchases.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading purchases" className="space-y-2 p-4">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-14 animate-pulse rounded-lg bg-surface-muted" />
        ))}
      </div>
    );
  }
  if (purchases.isError) {
    return (
      <div role="alert" className="space-y-2 p-4 text-sm">
        <p className="text-danger-fg">{errorMessage(purchases.error, "Your purchases could not be loaded.")}</p>
        <Button type="button" size="sm" variant="secondary" onClick={() => void purchases.refetch()}>
          Retry
        </Button>
      </div>
    );
  }
  if (rows.length === 0) {
    return (
      <div className="p-8 text-center text-sm text-fg-muted">
        <p className="font-medium text-fg">No purchases yet</p>
        <p className="mt-1">When you confirm a purchase the assistant proposes, it appears here.</p>
      </div>
    );
  }
  return (
    <div className="overflow-y-auto p-4">
      <ul aria-label="Your purchases" className="space-y-2">
        {rows.map((purchase) => (
          <li key={purchase.id} data-testid="purchase-row" className="rounded-lg border border-border bg-surface p-3 text-sm shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold text-fg">{purchase.productName}</p>
              <p className="font-semibold text-fg">{formatMoney(purchase.total)}</p>
            </div>
            <p className="mt-1 text-fg-muted">
              {purchase.quantity} × {formatMoney(purchase.unitPrice)} · <time dateTime={purchase.createdAt}>{formatDateTime(purchase.createdAt, timeZone)}</time>
            </p>
            {purchase.sessionId ? (
              <Link
                href={`/chat/${purchase.sessionId}`}
                onClick={onOpenConversation}
                className="focus-ring mt-1 inline-block rounded text-accent-fg underline underline-offset-2"
              >
                Open the conversation
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      {purchases.hasNextPage ? (
        <Button
          type="button"
          variant="secondary"
          size="sm"
          className="mt-3"
          loading={purchases.isFetchingNextPage}
          onClick={() => void purchases.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
    </div>
  );
}
