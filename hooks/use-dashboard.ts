"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { DashboardStats } from "@/lib/dashboard/types";

export type { DashboardStats };

export const dashboardKeys = {
  stats: () => ["dashboard", "stats"] as const,
};

/** The admin dashboard numbers; refreshed every minute while the page is open. */
export function useDashboardStats() {
  return useQuery({
    queryKey: dashboardKeys.stats(),
    queryFn: async () => (await api.get<DashboardStats>("/api/dashboard/stats")).data,
    refetchInterval: 60_000,
  });
}
