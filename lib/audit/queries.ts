import "server-only";
import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import type { AuditAction, AuditEntityType } from "./actions";
import type { AuditEntryDto } from "./schemas";

/** A business's audit entries, newest first, with the actor's name; the business is part of the WHERE. */
export async function listAuditEntries(
  db: Database,
  input: {
    businessId: string;
    action?: AuditAction;
    actorId?: string;
    entityType?: AuditEntityType;
    entityId?: string;
    from?: Date;
    to?: Date;
    limit: number;
    offset: number;
  },
): Promise<{ count: number; rows: AuditEntryDto[] }> {
  const conditions: SQL[] = [eq(auditLog.businessId, input.businessId)];
  if (input.action) conditions.push(eq(auditLog.action, input.action));
  if (input.actorId) conditions.push(eq(auditLog.actorId, input.actorId));
  if (input.entityType) conditions.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) conditions.push(eq(auditLog.entityId, input.entityId));
  if (input.from) conditions.push(gte(auditLog.createdAt, input.from));
  if (input.to) conditions.push(lte(auditLog.createdAt, input.to));
  const where = and(...conditions);
  const [rows, count] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        businessId: auditLog.businessId,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        actorId: auditLog.actorId,
        actorName: users.name,
        actorEmail: users.email,
        summary: auditLog.summary,
        requestId: auditLog.requestId,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(input.limit)
      .offset(input.offset),
    db.$count(auditLog, where),
  ]);
  return {
    count,
    rows: rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
  };
}
