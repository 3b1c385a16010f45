import "server-only";
import { and, asc, eq, gt, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { events, type AppEventRow } from "@/db/schema";

/** The channel NOTIFY carries event ids on; the payload is only ids, so it stays far below the 8 kB limit. */
export const EVENTS_CHANNEL = "app_events";

/** Advisory-lock class of the per-business event lock (the second key is the business). */
const EVENT_LOCK_CLASS = 7243919;

export type NewEvent = Omit<typeof events.$inferInsert, "id" | "createdAt">;

/**
 * Stores events of one business; the insert announces their ids on EVENTS_CHANNEL (a trigger of the
 * events table, migration 0016). The business's event lock is held until commit, so within a business
 * ids are in commit order and "everything after id N" is exact for a reconnecting client. Call it as
 * the last write of a transaction: nothing waits for the lock while holding rows another writer needs.
 */
export async function insertEvents(db: Database, input: { businessId: string; rows: NewEvent[] }): Promise<AppEventRow[]> {
  if (!input.rows.length) return [];
  await db.execute(sql`select pg_advisory_xact_lock(${EVENT_LOCK_CLASS}, hashtext(${input.businessId}))`);
  // Stamped when written (after the lock), not when the transaction began: `at` is when it happened.
  return db
    .insert(events)
    .values(input.rows.map((row) => ({ ...row, createdAt: sql`clock_timestamp()` })))
    .returning();
}

/** Who a stream speaks for: a member (and whether they are an admin), or an end user. */
export type EventAudience = { businessId: string; userId: string | null; endUserId: string | null; admin: boolean };

function visibleTo(audience: EventAudience): SQL {
  const clauses: SQL[] = [];
  if (audience.userId) clauses.push(eq(events.userId, audience.userId));
  if (audience.endUserId) clauses.push(eq(events.endUserId, audience.endUserId));
  if (audience.admin) clauses.push(eq(events.forAdmins, true));
  return and(eq(events.businessId, audience.businessId), clauses.length ? or(...clauses) : sql`false`)!;
}

/** The events this audience may see after `afterId`, oldest first. */
export async function listEventsAfter(db: Database, input: { audience: EventAudience; afterId: number; limit: number }): Promise<AppEventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(visibleTo(input.audience), gt(events.id, input.afterId)))
    .orderBy(asc(events.id))
    .limit(input.limit);
}

/** The events of one business after `afterId`, oldest first: the catch-up after the listener reconnected. */
export async function listBusinessEventsAfter(db: Database, input: { businessId: string; afterId: number; limit: number }): Promise<AppEventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.businessId, input.businessId), gt(events.id, input.afterId)))
    .orderBy(asc(events.id))
    .limit(input.limit);
}

export async function getEventsByIds(db: Database, input: { ids: number[] }): Promise<AppEventRow[]> {
  if (!input.ids.length) return [];
  return db.select().from(events).where(inArray(events.id, input.ids)).orderBy(asc(events.id));
}

/**
 * Whether a client that last saw `lastId` of this business can be brought up to date by replaying:
 * that event (or an earlier one of the business) is still kept, and the id is not from the future.
 */
export async function canReplayFrom(db: Database, input: { businessId: string; lastId: number }): Promise<boolean> {
  const [kept] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.businessId, input.businessId), lte(events.id, input.lastId)))
    .orderBy(sql`${events.id} desc`)
    .limit(1);
  if (!kept) return false;
  const [latest] = await selectRows<{ last: string | number }>(db, sql`select last_value as last from events_id_seq`);
  return input.lastId <= Number(latest?.last ?? 0);
}

/** The newest event id, or 0: where a fresh stream starts. */
export async function latestEventId(db: Database): Promise<number> {
  const [row] = await db.select({ id: sql<number | null>`max(${events.id})` }).from(events);
  return Number(row?.id ?? 0);
}

/** Deletes events older than `before`, at most `limit` at a time; returns how many went. */
export async function deleteEventsBefore(db: Database, input: { before: Date; limit: number }): Promise<number> {
  const doomed = db.select({ id: events.id }).from(events).where(lt(events.createdAt, input.before)).orderBy(asc(events.id)).limit(input.limit);
  const deleted = await db.delete(events).where(inArray(events.id, doomed)).returning({ id: events.id });
  return deleted.length;
}
