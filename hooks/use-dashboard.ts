"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { DashboardStats } from "@/lib/dashboard/types";
import { dashboardKeys } from "@/lib/query-keys";

export type { DashboardStats };

export { dashboardKeys };

/** The admin dashboard numbers; refreshed every minute while the page is open. */
export function useDashboardStats() {
  return useQuery({
    queryKey: dashboardKeys.stats(),
    queryFn: async () => (await api.get<DashboardStats>("/api/dashboard/stats")).data,
    refetchInterval: 60_000,
  });
}
