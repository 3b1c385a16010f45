"use client";

import { useState } from "react";
import { CreditLedger } from "@/components/credits/credit-ledger";
import { Skeleton } from "@/components/ui";
import { useCreditLedger } from "@/hooks/use-credits";
import { formatCredits } from "@/lib/format";

const PAGE_SIZE = 10;

/** A member's credit balance and their latest ledger entries. */
export function PersonCredits({ userId }: { userId: string }) {
  const [page, setPage] = useState(1);
  // The newest entry carries the balance after it: page 1 is read for the balance whatever page is shown.
  const newest = useCreditLedger(userId, 1, PAGE_SIZE);
  const ledger = useCreditLedger(userId, page, PAGE_SIZE);
  const balance = newest.data ? (newest.data.results[0]?.balanceAfter ?? 0) : null;

  return (
    <div className="space-y-3">
      <div className="rounded-lg border border-border bg-surface p-3">
        <p className="text-xs text-fg-muted">Balance</p>
        {balance === null ? (
          <Skeleton className="mt-1 h-7 w-24" />
        ) : (
          <p className="text-lg font-semibold tabular-nums text-fg" data-testid="person-balance" data-credits={balance}>
            {formatCredits(balance)}
          </p>
        )}
      </div>
      <CreditLedger ledger={ledger} page={page} pageSize={PAGE_SIZE} onPageChange={setPage} />
    </div>
  );
}
