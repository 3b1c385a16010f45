"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, definedOnly } from "@/lib/api-client";
import { saveDownload } from "@/lib/download";
import type { AuditEntryDto } from "@/lib/audit/schemas";
import type { Page } from "@/lib/pagination";
import { auditKeys, type AuditFilters } from "@/lib/query-keys";

export type AuditEntry = AuditEntryDto;

export type { AuditFilters } from "@/lib/query-keys";

/**
 * The business's audit log, newest first; the previous page stays on screen while the next loads.
 * `refetchInterval`: read again that often while shown (the dashboard's latest entries follow its figures).
 */
export function useAuditLog(filters: AuditFilters, page: number, pageSize = 20, options: { refetchInterval?: number } = {}) {
  const params = definedOnly(filters);
  return useQuery({
    queryKey: auditKeys.list(params, page, pageSize),
    queryFn: async () => (await api.get<Page<AuditEntry>>("/api/audit", { params: { ...params, page, pageSize } })).data,
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

/** GET /api/audit?format=csv — every entry the filters match, saved as a CSV file. */
export function useExportAudit() {
  return useMutation({ mutationFn: (filters: AuditFilters) => saveDownload("/api/audit", { ...filters, format: "csv" }, "audit-log.csv") });
}

export type AuditActor = { id: string; name: string; email: string };

/** The people an admin can filter the log by: the business's users (first 100 by the users API's order). */
export function useAuditActors() {
  return useQuery({
    queryKey: ["users", "audit-actors"] as const,
    queryFn: async () =>
      (await api.get<{ results: AuditActor[] }>("/api/users", { params: { page: 1, pageSize: 100 } })).data.results.map(
        ({ id, name, email }) => ({ id, name, email }),
      ),
    staleTime: 60_000,
  });
}
