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
 * Stores events of one business, in the order given; the insert announces their ids on EVENTS_CHANNEL
 * (a trigger of the events table, migration 0016). The business's event lock is taken by the same
 * statement before any id is drawn, and held until commit, so within a business ids are in commit
 * order and "everything after id N" is exact for a reconnecting client. One statement rather than a
 * lock and then an insert: every change that publishes saves a round trip. Call it as the last write
 * of a transaction: nothing waits for the lock while holding rows another writer needs.
 */
export async function insertEvents(db: Database, input: { businessId: string; rows: NewEvent[] }): Promise<{ id: number }[]> {
  if (!input.rows.length) return [];
  const payload = JSON.stringify(
    input.rows.map((row) => ({
      business_id: row.businessId,
      type: row.type,
      user_id: row.userId ?? null,
      end_user_id: row.endUserId ?? null,
      for_admins: row.forAdmins ?? true,
      session_id: row.sessionId ?? null,
      data: row.data,
    })),
  );
  // The materialized CTE is scanned before the first row is produced, so the lock precedes every id
  // and every timestamp; rows are stamped when written (after the lock), not when the transaction began.
  const rows = await selectRows<{ id: number | string }>(
    db,
    sql`
      with locked as materialized (select pg_advisory_xact_lock(${EVENT_LOCK_CLASS}, hashtext(${input.businessId})))
      insert into ${events} (business_id, type, user_id, end_user_id, for_admins, session_id, data, created_at)
      select r.business_id, r.type, r.user_id, r.end_user_id, r.for_admins, r.session_id, r.data, clock_timestamp()
      from locked
      cross join rows from (
        jsonb_to_recordset(${payload}::jsonb) as (business_id uuid, type text, user_id uuid, end_user_id uuid, for_admins boolean, session_id uuid, data jsonb)
      ) with ordinality as r(business_id, type, user_id, end_user_id, for_admins, session_id, data, position)
      order by r.position
      returning id`,
  );
  return rows.map((row) => ({ id: Number(row.id) }));
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

/**
 * What a replay leaves out: a signal that someone is typing. It says only what was so when it was sent,
 * and a client showing it on arrival would show someone typing who may long have stopped; a person
 * still typing renews theirs within seconds. A signal's end is kept, as it only ends an indicator.
 */
const notTypingOn = sql`not (${events.type} = 'typing' and ${events.data} ->> 'on' = 'true')`;

/** The events this audience may see after `afterId` that a replay sends, oldest first. */
export async function listEventsAfter(db: Database, input: { audience: EventAudience; afterId: number; limit: number }): Promise<AppEventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(visibleTo(input.audience), gt(events.id, input.afterId), notTypingOn))
    .orderBy(asc(events.id))
    .limit(input.limit);
}

/** The events of one business after `afterId` that a replay sends, oldest first: the catch-up after the listener reconnected. */
export async function listBusinessEventsAfter(db: Database, input: { businessId: string; afterId: number; limit: number }): Promise<AppEventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.businessId, input.businessId), gt(events.id, input.afterId), notTypingOn))
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
 * 0 is where a business without events stands (`latestEventId`): everything it has kept is after it.
 * (Only a client that stood there for the whole retention with no event would miss swept ones.)
 */
export async function canReplayFrom(db: Database, input: { businessId: string; lastId: number }): Promise<boolean> {
  if (input.lastId === 0) return true;
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

/**
 * Where a fresh stream of this business starts (and a page rendered now stands): the business's newest
 * event id, 0 when it has none kept. Within a business ids are in commit order, so every later event of
 * it has a larger id; the newest id of all businesses is not that, as another business's event can
 * commit with a larger id while one of this business's, with a smaller id, is still uncommitted.
 */
export async function latestEventId(db: Database, input: { businessId: string }): Promise<number> {
  const [row] = await db
    .select({ id: sql<string | number | null>`max(${events.id})` })
    .from(events)
    .where(eq(events.businessId, input.businessId));
  return Number(row?.id ?? 0);
}

/** Deletes events older than `before`, at most `limit` at a time; returns how many went. */
export async function deleteEventsBefore(db: Database, input: { before: Date; limit: number }): Promise<number> {
  const doomed = db.select({ id: events.id }).from(events).where(lt(events.createdAt, input.before)).orderBy(asc(events.id)).limit(input.limit);
  const deleted = await db.delete(events).where(inArray(events.id, doomed)).returning({ id: events.id });
  return deleted.length;
}
