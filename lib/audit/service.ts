import "server-only";
import { getDb } from "@/db/client";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { csvFilename, csvStream, type CsvDownload } from "@/lib/csv";
import { listAuditEntries, listAuditEntriesAfter, type AuditFilter } from "./queries";
import type { AuditEntryDto, AuditListQuery } from "./schemas";
import { pageWindow } from "@/lib/pagination";

/** audit:read (admin). The caller's business's audit log, newest first, filtered. Throws 403. */
export async function listAudit(actor: Actor, query: AuditListQuery): Promise<{ count: number; results: AuditEntryDto[] }> {
  assertCan(actor, "audit:read");
  const { count, rows } = await listAuditEntries(getDb(), { ...auditFilter(actor, query), ...pageWindow(query) });
  return { count, results: rows };
}

function auditFilter(actor: Actor, query: AuditListQuery): AuditFilter {
  return {
    businessId: actor.businessId,
    action: query.action,
    actorId: query.actorId,
    entityType: query.entityType,
    entityId: query.entityId,
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
  };
}

/** The CSV's columns: the JSON entry's fields (the summary as JSON text), the time first. */
export const AUDIT_CSV_COLUMNS = ["createdAt", "action", "entityType", "entityId", "actorId", "actorName", "actorEmail", "summary", "requestId", "id"] as const;

const EXPORT_CHUNK = 500;

/**
 * audit:read (admin). Every entry the list's filters match (paging aside), newest first, as a CSV
 * download read a chunk at a time. Throws 403.
 */
export async function exportAuditCsv(actor: Actor, query: AuditListQuery): Promise<CsvDownload> {
  assertCan(actor, "audit:read");
  const filter = auditFilter(actor, query);
  const body = await csvStream<AuditEntryDto>({
    header: [...AUDIT_CSV_COLUMNS],
    chunkSize: EXPORT_CHUNK,
    readChunk: (after) => listAuditEntriesAfter(getDb(), { ...filter, afterId: after?.id ?? null, limit: EXPORT_CHUNK }),
    cells: (entry) => [
      entry.createdAt,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.actorId,
      entry.actorName,
      entry.actorEmail,
      JSON.stringify(entry.summary),
      entry.requestId,
      entry.id,
    ],
  });
  return { filename: csvFilename("audit-log"), body };
}
