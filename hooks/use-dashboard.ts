"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { DashboardStats, FirstRunChecklist } from "@/lib/dashboard/types";
import { auditKeys, dashboardKeys } from "@/lib/query-keys";

export type { DashboardStats, FirstRunChecklist };

export { dashboardKeys };

/**
 * The admin dashboard numbers, their days those of `timeZone` (the viewer's); refreshed every minute while
 * the page is open. A change of zone (the server rendered in UTC before the browser named its own) keeps
 * the figures shown until the new ones come.
 */
export function useDashboardStats(timeZone: string) {
  return useQuery({
    queryKey: dashboardKeys.stats(timeZone),
    queryFn: async () => (await api.get<DashboardStats>("/api/dashboard/stats", { params: { timeZone } })).data,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** POST /api/dashboard/first-run/dismiss — hides the first-run checklist for the whole business; the audit views refresh. */
export function useDismissFirstRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<{ firstRun: FirstRunChecklist }>("/api/dashboard/first-run/dismiss")).data.firstRun,
    onSuccess: async (firstRun) => {
      // A minute's refresh on its way read the business before the dismissal: its answer would bring the checklist back.
      await queryClient.cancelQueries({ queryKey: dashboardKeys.stats() });
      queryClient.setQueriesData<DashboardStats>({ queryKey: dashboardKeys.stats() }, (stats) => (stats ? { ...stats, firstRun } : stats));
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}
