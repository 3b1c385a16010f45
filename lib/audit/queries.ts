import "server-only";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import type { AuditEntryDto } from "./schemas";

export async function listAuditEntries(input: {
  businessId: string;
  action?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}): Promise<{ count: number; rows: AuditEntryDto[] }> {
  const db = getDb();
  const conditions: SQL[] = [eq(auditLog.businessId, input.businessId)];
  if (input.action) conditions.push(eq(auditLog.action, input.action));
  if (input.actorId) conditions.push(eq(auditLog.actorId, input.actorId));
  if (input.entityType) conditions.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) conditions.push(eq(auditLog.entityId, input.entityId));
  if (input.from) conditions.push(gte(auditLog.createdAt, input.from));
  if (input.to) conditions.push(lte(auditLog.createdAt, input.to));
  const where = and(...conditions);
  const [rows, [counted]] = await Promise.all([
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
    db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(auditLog).where(where),
  ]);
  return {
    count: counted?.count ?? 0,
    rows: rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
  };
}
