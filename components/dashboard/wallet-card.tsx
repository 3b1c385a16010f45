"use client";

import { useState } from "react";
import { CreditLedger } from "@/components/credits/credit-ledger";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, ErrorState, SkeletonText } from "@/components/ui";
import { useWallet } from "@/hooks/use-wallet";
import { errorMessage } from "@/lib/api-client";
import { formatCount } from "@/lib/format";
import { AdjustWalletButton } from "./adjust-wallet-button";

const LEDGER_PAGE_SIZE = 5;

/** The business wallet (what API and widget conversations spend): its balance, the control to change it, and its ledger. */
export function WalletCard({ spent30d }: { spent30d: number }) {
  const [page, setPage] = useState(1);
  const wallet = useWallet(page, LEDGER_PAGE_SIZE);
  const balance = wallet.data?.balance;

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1 basis-60 space-y-1">
          <CardTitle as="h3">Business wallet</CardTitle>
          <CardDescription>Credits your end users&apos; conversations spend, through API keys and the widget</CardDescription>
        </div>
        <AdjustWalletButton balance={balance ?? 0} limits={wallet.data?.limits} disabled={balance === undefined} />
      </CardHeader>
      <CardContent className="space-y-4" aria-busy={wallet.isFetching}>
        {wallet.isPending ? (
          <SkeletonText lines={6} />
        ) : wallet.isError ? (
          <ErrorState message={errorMessage(wallet.error)} onRetry={() => void wallet.refetch()} retrying={wallet.isFetching} />
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-4">
              <div>
                <dt className="text-sm font-medium text-fg-muted">Balance</dt>
                <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums" data-testid="wallet-balance">
                  {formatCount(wallet.data.balance)}
                </dd>
              </div>
              <div>
                <dt className="text-sm font-medium text-fg-muted">Spent by end users</dt>
                <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums">{formatCount(spent30d)}</dd>
                <dd className="text-xs text-fg-muted">last 30 days, net of refunds</dd>
              </div>
            </dl>
            <section aria-labelledby="wallet-ledger-heading" className="space-y-2">
              <h4 id="wallet-ledger-heading" className="text-sm font-semibold text-fg">
                Wallet ledger
              </h4>
              {wallet.data.count === 0 ? (
                <EmptyState headingLevel={4} title="No changes yet" description="Top-ups and end users' messages appear here." className="py-6" />
              ) : (
                <CreditLedger ledger={wallet} page={page} pageSize={LEDGER_PAGE_SIZE} onPageChange={setPage} />
              )}
            </section>
          </>
        )}
      </CardContent>
    </Card>
  );
}
