"use client";

import Link from "next/link";
import { useTimeZone } from "@/components/layout/time-zone";
import { Skeleton, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import type { PurchaseView } from "@/hooks/use-purchases";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";

/**
 * `viewerId`: who is looking. A conversation is opened where that person may answer in it: their own in
 * the chat, a customer's (an admin's list shows everyone's) in the inbox.
 */
export function PurchasesTable({ purchases, showBuyer, viewerId }: { purchases: PurchaseView[]; showBuyer: boolean; viewerId: string | null }) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label="Purchases" phone="cards">
      <THead>
        <TR>
          <TH>Product</TH>
          {showBuyer ? <TH>Buyer</TH> : null}
          <TH className="text-right">Quantity</TH>
          <TH className="text-right">Unit price</TH>
          <TH className="text-right">Total</TH>
          <TH>Date</TH>
          <TH>Conversation</TH>
        </TR>
      </THead>
      <TBody>
        {purchases.map((purchase) => (
          <TR key={purchase.id} data-testid="purchase-row">
            <TH scope="row">{purchase.productName}</TH>
            {showBuyer ? <TD label="Buyer">{purchase.userName}</TD> : null}
            <TD label="Quantity" className="text-right tabular-nums">
              {purchase.quantity}
            </TD>
            <TD label="Unit price" className="text-right tabular-nums">
              {formatMoney(purchase.unitPrice)}
            </TD>
            <TD label="Total" className="text-right font-medium tabular-nums">
              {formatMoney(purchase.total)}
            </TD>
            <TD label="Date" className="whitespace-nowrap">
              <time dateTime={purchase.createdAt}>{formatDateTime(purchase.createdAt, timeZone)}</time>
            </TD>
            <TD className="max-sm:pt-2">
              {purchase.sessionId ? (
                <Link
                  href={purchase.userId === viewerId ? `/chat/${purchase.sessionId}` : `/inbox?${new URLSearchParams({ session: purchase.sessionId })}`}
                  className="focus-ring rounded text-accent underline-offset-2 hover:underline"
                  aria-label={`Open the conversation for ${purchase.productName}`}
                >
                  Open conversation
                </Link>
              ) : (
                <span className="text-fg-muted">—</span>
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function PurchasesTableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div aria-hidden="true" className="overflow-hidden rounded-lg border border-border bg-surface">
      <div className="h-10 border-b border-border bg-surface-muted" />
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex items-center gap-6 border-b border-border px-4 py-3 last:border-0">
          <Skeleton className="h-4 w-1/4" />
          <Skeleton className="h-4 w-10" />
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-4 w-28" />
        </div>
      ))}
    </div>
  );
}
