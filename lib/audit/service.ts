import "server-only";
import { getDb } from "@/db/client";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { listAuditEntries } from "./queries";
import type { AuditEntryDto, AuditListQuery } from "./schemas";
import { pageWindow } from "@/lib/pagination";

/** audit:read (admin). The caller's business's audit log, newest first, filtered. Throws 403. */
export async function listAudit(actor: Actor, query: AuditListQuery): Promise<{ count: number; results: AuditEntryDto[] }> {
  assertCan(actor, "audit:read");
  const { count, rows } = await listAuditEntries(getDb(), {
    businessId: actor.businessId,
    action: query.action,
    actorId: query.actorId,
    entityType: query.entityType,
    entityId: query.entityId,
    from: query.from,
    to: query.to,
    ...pageWindow(query),
  });
  return { count, results: rows };
}
