"use client";

import { useTimeZone } from "@/components/layout/time-zone";
import { Badge, EmptyState, ErrorState, Pagination, SkeletonText, Table, TBody, TD, TH, THead, TR, type BadgeTone } from "@/components/ui";
import type { LedgerEntry } from "@/hooks/use-credits";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime } from "@/lib/format";
import type { Page } from "@/lib/pagination";

const KIND_LABELS: Record<LedgerEntry["kind"], { label: string; tone: BadgeTone }> = {
  signup: { label: "Sign-up", tone: "info" },
  message: { label: "Message", tone: "neutral" },
  refund: { label: "Refund", tone: "success" },
  grant: { label: "Grant", tone: "warning" },
};

const signed = (amount: number) => `${amount > 0 ? "+" : amount < 0 ? "−" : ""}${formatCount(Math.abs(amount))}`;

type LedgerQuery = {
  data: Page<LedgerEntry> | undefined;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
};

/** A user's credit transactions, newest first: what changed the balance, by whom, and the balance after. */
export function CreditLedger({
  ledger,
  page,
  pageSize,
  onPageChange,
}: {
  ledger: LedgerQuery;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
}) {
  const timeZone = useTimeZone();
  if (ledger.isPending) return <SkeletonText lines={5} />;
  if (ledger.isError || !ledger.data) {
    return <ErrorState message={errorMessage(ledger.error)} onRetry={() => void ledger.refetch()} retrying={ledger.isFetching} />;
  }
  if (ledger.data.count === 0) {
    return <EmptyState headingLevel={3} title="No transactions" description="This user's balance has never changed." className="py-6" />;
  }
  return (
    <div className="space-y-3" aria-busy={ledger.isFetching}>
      {/* On a phone each entry is a card: the change, balance and reason would otherwise sit off the screen. */}
      <Table aria-label="Credit ledger" phone="cards">
        <THead>
          <TR>
            <TH>When</TH>
            <TH>Kind</TH>
            <TH className="text-right">Change</TH>
            <TH className="text-right">Balance</TH>
            <TH>Reason</TH>
          </TR>
        </THead>
        <TBody>
          {ledger.data.results.map((entry) => (
            <TR key={entry.id}>
              <TD label="When" className="whitespace-nowrap text-fg-muted">
                <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
              </TD>
              <TD label="Kind">
                <Badge tone={KIND_LABELS[entry.kind].tone}>{KIND_LABELS[entry.kind].label}</Badge>
              </TD>
              <TD label="Change" className={`text-right whitespace-nowrap tabular-nums ${entry.amount < 0 ? "text-danger-fg" : ""}`}>
                {signed(entry.amount)}
              </TD>
              <TD label="Balance" className="text-right whitespace-nowrap tabular-nums">
                {formatCount(entry.balanceAfter)}
              </TD>
              <TD label="Reason" className="max-w-56 text-fg-muted max-sm:max-w-none">
                <span className="line-clamp-2 break-words">{entry.reason ?? "—"}</span>
                {entry.createdByName ? <span className="block text-xs">by {entry.createdByName}</span> : null}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {ledger.data.count > pageSize ? (
        <Pagination page={page} pageCount={Math.ceil(ledger.data.count / pageSize)} onPageChange={onPageChange} disabled={ledger.isFetching} />
      ) : null}
    </div>
  );
}
