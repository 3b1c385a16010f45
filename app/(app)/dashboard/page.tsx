import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { getDashboardStats } from "@/lib/dashboard/service";
import { prefetchPageData } from "@/lib/pages/prefetch";
import { getViewerOf, pageTime } from "@/lib/pages/viewer";
import { dashboardKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const viewer = await getViewerOf("/dashboard");
  // The days of the zone the page renders in, the one the browser hydrates with and asks for.
  const { timeZone } = await pageTime();
  const firstData = await prefetchPageData(
    viewer ? [{ key: dashboardKeys.stats(timeZone), load: () => getDashboardStats(viewer.actor, { timeZone }) }] : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        <DashboardView />
      </RoleGuard>
    </HydrationBoundary>
  );
}
