import "server-only";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { DEFAULT_TIME_ZONE } from "@/lib/time-zone";
import type { AuditAction, AuditEntityType } from "./actions";
import type { AuditBound, AuditEntryDto } from "./schemas";

export type AuditFilter = {
  businessId: string;
  action?: AuditAction;
  actorId?: string;
  entityType?: AuditEntityType;
  entityId?: string;
  from?: AuditBound;
  to?: AuditBound;
  /** Whose days a bound's `day` names (UTC by default). */
  timeZone?: string;
};

/** Midnight at the start of `day` in `timeZone`, as the database's zone data has it. */
const startOfDay = (day: string, timeZone: string, after = 0): SQL => sql`((${day}::date + ${after}::integer)::timestamp at time zone ${timeZone})`;

function auditWhere(input: AuditFilter): SQL[] {
  const conditions: SQL[] = [eq(auditLog.businessId, input.businessId)];
  if (input.action) conditions.push(eq(auditLog.action, input.action));
  if (input.actorId) conditions.push(eq(auditLog.actorId, input.actorId));
  if (input.entityType) conditions.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) conditions.push(eq(auditLog.entityId, input.entityId));
  if (input.from) conditions.push("at" in input.from ? gte(auditLog.createdAt, input.from.at) : sql`${auditLog.createdAt} >= ${startOfDay(input.from.day, input.timeZone ?? DEFAULT_TIME_ZONE)}`);
  if (input.to) conditions.push("at" in input.to ? lte(auditLog.createdAt, input.to.at) : sql`${auditLog.createdAt} < ${startOfDay(input.to.day, input.timeZone ?? DEFAULT_TIME_ZONE, 1)}`);
  return conditions;
}

/** Entries with their actor's name, newest first (then by id, so the order is total). */
function selectEntries(db: Database, where: SQL | undefined) {
  return db
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
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
}

function toDto(row: Omit<AuditEntryDto, "createdAt"> & { createdAt: Date }): AuditEntryDto {
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}

/** A business's audit entries, newest first, with the actor's name; the business is part of the WHERE. */
export async function listAuditEntries(db: Database, input: AuditFilter & { limit: number; offset: number }): Promise<{ count: number; rows: AuditEntryDto[] }> {
  const where = and(...auditWhere(input));
  const [rows, count] = await Promise.all([selectEntries(db, where).limit(input.limit).offset(input.offset), db.$count(auditLog, where)]);
  return { count, rows: rows.map(toDto) };
}

/**
 * The next `limit` entries of the same order after the entry `afterId` (all of them from the newest
 * when null): a keyset, so reading a long log chunk by chunk costs the same for every chunk.
 */
export async function listAuditEntriesAfter(db: Database, input: AuditFilter & { afterId: string | null; limit: number }): Promise<AuditEntryDto[]> {
  const conditions = auditWhere(input);
  if (input.afterId) {
    // The cursor's own timestamp, read in SQL: a JavaScript Date would round its microseconds away.
    conditions.push(
      sql`(${auditLog.createdAt}, ${auditLog.id}) < (select a.created_at, a.id from audit_log a where a.id = ${input.afterId} and a.business_id = ${input.businessId})`,
    );
  }
  const rows = await selectEntries(db, and(...conditions)).limit(input.limit);
  return rows.map(toDto);
}
