"use client";

import Link from "next/link";
import {
  Button,
  buttonClasses,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  EmptyState,
  ErrorState,
  FormField,
  Pagination,
  Select,
  Skeleton,
} from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useAuth } from "@/hooks/use-auth";
import { useListParams } from "@/hooks/use-list-params";
import { useExportPurchases, usePurchases, type PurchaseBuyer, type PurchaseTotals } from "@/hooks/use-purchases";
import { errorMessage } from "@/lib/api-client";
import { formatCount } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { DEFAULT_PAGE_SIZE } from "@/lib/pagination";
import { toast } from "@/lib/toast";
import { purchaseListOf } from "./list-params";
import { PurchasesTable, PurchasesTableSkeleton } from "./purchases-table";

export function PurchasesView() {
  const auth = useAuth();
  const isAdmin = auth.role === "admin";
  const { searchParams, update } = useListParams();
  // Page and buyer live in the URL, so a filtered view can be linked, reloaded and navigated back to.
  const filter = purchaseListOf(searchParams, { admin: isAdmin });
  const { page, userId } = filter;
  const exportCsv = useExportPurchases();
  const purchases = usePurchases(filter, { enabled: auth.status === "authenticated" });

  if (auth.status === "unauthenticated") {
    return (
      <div className="mx-auto max-w-md py-16 text-center">
        <p className="text-fg">Sign in to see your purchases.</p>
        <Link href="/login?callbackUrl=/purchases" className={buttonClasses({ className: "mt-4" })}>
          Sign in
        </Link>
      </div>
    );
  }

  const data = purchases.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.count / DEFAULT_PAGE_SIZE)) : 1;
  const selectedBuyer = data?.buyers?.find((buyer) => buyer.id === userId);

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Purchases</h1>
          <p className="mt-1 text-sm text-fg-muted">
            {isAdmin ? "Every purchase made in your business." : "Everything you have bought, newest first."}
          </p>
        </div>
        <div className="flex w-full flex-wrap items-end gap-3 sm:w-auto">
          {isAdmin ? (
            <BuyerFilter
              buyers={data?.buyers}
              value={userId}
              loading={!data}
              onChange={(next) => update({ params: { userId: next } })}
            />
          ) : null}
          <Button
            variant="secondary"
            loading={exportCsv.isPending}
            disabled={!data || data.count === 0}
            title={userId ? "Every purchase by this user, as a CSV file" : "Every purchase listed here, as a CSV file"}
            onClick={() =>
              exportCsv.mutate({ userId }, { onError: (error) => toast.error(errorMessage(error, "The export failed.")) })
            }
          >
            Export CSV
          </Button>
        </div>
      </header>

      {isAdmin ? <TotalsCards totals={data?.totals} buyerName={selectedBuyer?.name} /> : null}

      <section aria-label="Purchase history" aria-busy={purchases.isFetching || auth.status === "loading"}>
        {auth.status === "loading" || purchases.isPending ? (
          <PurchasesTableSkeleton />
        ) : purchases.isError && !data ? (
          <ErrorState
            message={errorMessage(purchases.error, "Your purchases could not be loaded.")}
            onRetry={() => void purchases.refetch()}
            retrying={purchases.isFetching}
          />
        ) : data && data.results.length === 0 && data.count > 0 ? (
          <PastTheEnd lastPage={pageCount} onPageChange={(next) => update({ page: next })} />
        ) : data && data.results.length === 0 ? (
          <EmptyState
            title={userId ? "No purchases by this user" : isAdmin ? "No purchases yet" : "You have not bought anything yet"}
            description="Ask the assistant about a product and confirm its purchase proposal; it will show up here."
            action={
              <Link href="/chat" className={buttonClasses()}>
                Open the assistant
              </Link>
            }
          />
        ) : data ? (
          <div className="space-y-4">
            <PurchasesTable purchases={data.results} showBuyer={isAdmin} viewerId={auth.user?.id ?? null} />
            <p className="text-sm text-fg-muted">
              {data.count === 1 ? "1 purchase" : `${formatCount(data.count)} purchases`}
            </p>
            {pageCount > 1 ? (
              <Pagination
                page={page}
                pageCount={pageCount}
                onPageChange={(next) => update({ page: next })}
                disabled={purchases.isFetching}
              />
            ) : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}

function BuyerFilter({
  buyers,
  value,
  loading,
  onChange,
}: {
  buyers: PurchaseBuyer[] | undefined;
  value: string | undefined;
  loading: boolean;
  onChange: (userId: string | undefined) => void;
}) {
  // A user linked to by id keeps an option even before (or without) appearing among the buyers.
  const options = buyers ?? [];
  const known = !value || options.some((buyer) => buyer.id === value);
  return (
    <FormField label="User" className="w-full sm:w-72">
      <Select
        value={value ?? ""}
        disabled={loading}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">All users</option>
        {!known ? <option value={value}>Selected user</option> : null}
        {options.map((buyer) => (
          <option key={buyer.id} value={buyer.id}>
            {buyer.name} ({buyer.email})
          </option>
        ))}
      </Select>
    </FormField>
  );
}

function TotalsCards({ totals, buyerName }: { totals: PurchaseTotals | undefined; buyerName: string | undefined }) {
  const scope = buyerName ? `by ${buyerName}` : "in your business";
  return (
    <div className="grid gap-4 sm:grid-cols-2" aria-live="polite">
      <Card>
        <CardHeader>
          <CardDescription>Purchases {scope}</CardDescription>
        </CardHeader>
        <CardContent>
          {totals ? (
            <p className="text-2xl font-semibold tabular-nums" data-testid="purchases-total-count">
              {formatCount(totals.count)}
            </p>
          ) : (
            <Skeleton className="h-8 w-20" />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardDescription>Revenue {scope}</CardDescription>
        </CardHeader>
        <CardContent>
          {totals ? (
            <p className="text-2xl font-semibold tabular-nums" data-testid="purchases-total-revenue">
              {formatMoney(totals.revenue)}
            </p>
          ) : (
            <Skeleton className="h-8 w-32" />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
