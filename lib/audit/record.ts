import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import type { AuditAction, AuditEntityType } from "./actions";

export type AuditInput = {
  actor: Pick<Actor, "id" | "businessId"> | null;
  businessId?: string;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  summary?: Record<string, unknown>;
  requestId?: string;
};

/** Writes one audit entry; pass the transaction of the change it records so both land or neither. */
export async function recordAudit(tx: Database, input: AuditInput): Promise<void> {
  const businessId = input.businessId ?? input.actor?.businessId;
  if (!businessId) throw new Error("recordAudit needs a business");
  await tx.insert(auditLog).values({
    businessId,
    actorId: input.actor?.id ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    summary: input.summary ?? {},
    requestId: input.requestId ?? null,
  });
}
