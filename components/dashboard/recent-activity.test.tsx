import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useDashboardStats } from "@/hooks/use-dashboard";
import { auditKeys, dashboardKeys } from "@/lib/query-keys";
import { RecentActivity } from "./recent-activity";

function Figures() {
  useDashboardStats("Europe/Berlin");
  return null;
}

describe("the dashboard's recent activity", () => {
  it("is read again as often as the figures beside it, so a dashboard left open does not show the morning's changes under the afternoon's figures", () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(auditKeys.list({}, 1, 8), { count: 0, next: null, previous: null, results: [] });
    renderToStaticMarkup(
      <QueryClientProvider client={queryClient}>
        <Figures />
        <RecentActivity />
      </QueryClientProvider>,
    );
    const refreshOf = (queryKey: readonly unknown[]) => queryClient.getQueryCache().find({ queryKey, exact: true })?.options;
    const figures = refreshOf(dashboardKeys.stats("Europe/Berlin")) as { refetchInterval?: unknown } | undefined;
    const activity = refreshOf(auditKeys.list({}, 1, 8)) as { refetchInterval?: unknown } | undefined;
    expect(figures?.refetchInterval).toEqual(expect.any(Number));
    expect(activity?.refetchInterval).toBe(figures?.refetchInterval);
  });
});
