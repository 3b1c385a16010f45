"use client";

import dynamic from "next/dynamic";
import { useTimeZone } from "@/components/layout/time-zone";
import { ErrorState, Skeleton, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useDashboardStats, type DashboardStats } from "@/hooks/use-dashboard";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { timeZoneLabel } from "@/lib/time-zone";
import { ChannelActivity } from "./channel-activity";
import { EndUsersTable } from "./end-users-table";
import { FirstRunChecklist } from "./first-run-checklist";
import { KpiCards } from "./kpi-cards";
import { PendingQueue } from "./pending-queue";
import { RecentActivity } from "./recent-activity";
import { TopProducts } from "./top-products";
import { UsageTable } from "./usage-table";
import { WalletCard } from "./wallet-card";

// The charts' library is the largest part of this page's JavaScript (≈ 118 kB gzip): it loads after the
// page has painted its figures, each chart holding its card's place meanwhile.
const chartPlaceholder = () => <Skeleton className="h-80" aria-hidden="true" />;
const MessagesChart = dynamic(() => import("./charts").then((charts) => charts.MessagesChart), { ssr: false, loading: chartPlaceholder });
const CreditsChart = dynamic(() => import("./charts").then((charts) => charts.CreditsChart), { ssr: false, loading: chartPlaceholder });
const PurchasesChart = dynamic(() => import("./charts").then((charts) => charts.PurchasesChart), { ssr: false, loading: chartPlaceholder });
const ProductsByStatusChart = dynamic(() => import("./charts").then((charts) => charts.ProductsByStatusChart), {
  ssr: false,
  loading: chartPlaceholder,
});

function DashboardSkeleton() {
  return (
    <div className="space-y-6" aria-hidden="true">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-28" />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} className="h-80" />
        ))}
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}

/** The chart data as a table, for screen readers and anyone who wants the exact numbers. */
function DailyFigures({ series, timeZone }: { series: DashboardStats["series"]; timeZone: string }) {
  return (
    <details className="rounded-lg border border-border bg-surface">
      <summary className="focus-ring cursor-pointer rounded-lg px-4 py-3 text-sm font-medium text-fg">
        Daily figures (last 30 days, {timeZoneLabel(timeZone)})
      </summary>
      <div className="px-4 pb-4">
        <Table aria-label="Daily figures">
          <THead>
            <TR>
              <TH>Date</TH>
              <TH className="text-right">Messages</TH>
              <TH className="text-right">Credits</TH>
              <TH className="text-right">Purchases</TH>
              <TH className="text-right">Revenue</TH>
            </TR>
          </THead>
          <TBody>
            {[...series].reverse().map((day) => (
              <TR key={day.date}>
                <TH scope="row">{day.date}</TH>
                <TD className="text-right tabular-nums">{day.messages}</TD>
                <TD className="text-right tabular-nums">{day.credits}</TD>
                <TD className="text-right tabular-nums">{day.purchases}</TD>
                <TD className="text-right tabular-nums">{formatMoney(day.revenue)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
    </details>
  );
}

export function DashboardView() {
  const timeZone = useTimeZone();
  const { user } = useAuth();
  const stats = useDashboardStats(timeZone);

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Dashboard</h1>
          <p className="text-sm text-fg-muted">{user?.business.name ?? "Your business"} at a glance</p>
        </div>
        {stats.data ? (
          <p className="text-xs text-fg-muted" aria-live="polite">
            Updated <time dateTime={stats.data.generatedAt}>{formatDateTime(stats.data.generatedAt, timeZone)}</time>
          </p>
        ) : null}
      </header>

      {stats.isPending ? (
        <div role="status" aria-busy="true" aria-label="Loading the dashboard">
          <DashboardSkeleton />
        </div>
      ) : stats.isError ? (
        <ErrorState message={errorMessage(stats.error)} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
      ) : (
        <>
          <FirstRunChecklist checklist={stats.data.firstRun} />
          <KpiCards stats={stats.data} />
          <section aria-labelledby="channels-heading" className="space-y-4">
            <h2 id="channels-heading" className="text-lg font-semibold text-fg">
              Wallet and channels
            </h2>
            {/* grid-cols-1 (minmax(0, 1fr)) keeps the wallet's ledger table scrolling inside its card on a phone. */}
            <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <WalletCard spent30d={stats.data.endUsers.creditsSpent30d} />
              <ChannelActivity channels={stats.data.channels} endUsers={stats.data.endUsers} />
            </div>
          </section>
          <section aria-labelledby="charts-heading" className="space-y-4">
            <h2 id="charts-heading" className="text-lg font-semibold text-fg">
              Last 30 days
            </h2>
            <div className="grid gap-6 lg:grid-cols-2">
              <MessagesChart series={stats.data.series} timeZone={stats.data.timeZone} />
              <CreditsChart series={stats.data.series} timeZone={stats.data.timeZone} />
              <PurchasesChart series={stats.data.series} timeZone={stats.data.timeZone} />
              <ProductsByStatusChart byStatus={stats.data.products.byStatus} />
            </div>
            <DailyFigures series={stats.data.series} timeZone={stats.data.timeZone} />
          </section>
          <section aria-labelledby="work-heading" className="space-y-4">
            <h2 id="work-heading" className="text-lg font-semibold text-fg">
              Work and activity
            </h2>
            <div className="grid gap-6 lg:grid-cols-2">
              <PendingQueue pending={stats.data.pendingApprovals} />
              <RecentActivity />
            </div>
          </section>
          <section aria-labelledby="people-heading" className="space-y-4">
            <h2 id="people-heading" className="text-lg font-semibold text-fg">
              Products and people
            </h2>
            <TopProducts top={stats.data.topProducts} />
            <UsageTable usage={stats.data.usageByUser} />
            <EndUsersTable endUsers={stats.data.endUsers.mostActive} />
          </section>
        </>
      )}
    </div>
  );
}
