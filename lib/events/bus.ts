import "server-only";
import { getAppDatabase, type AppDatabase } from "@/db/client";
import type { AppEventRow } from "@/db/schema";
import { listenTo } from "@/db/listen";
import { logger } from "@/lib/logger";
import {
  canReplayFrom,
  EVENTS_CHANNEL,
  getEventsByIds,
  latestEventId,
  listBusinessEventsAfter,
  listEventsAfter,
  type EventAudience,
} from "./queries";

/**
 * The process's one listener for live events and the streams it feeds. Every instance LISTENs on one
 * dedicated connection (the embedded engine in-process); NOTIFY carries only ids, and the rows are read
 * back here, so two instances on one Postgres deliver the same events. All reading and delivering runs
 * one task at a time, which keeps each stream in id order without gaps: a replay, a catch-up after the
 * connection came back, and the ids of each notification are never interleaved.
 */

export type EventSink = {
  /** Where the stream starts: called once, before any event (a reconnect from here misses nothing). */
  ready: (position: number) => void;
  /** An event for this stream, in id order, each once. */
  event: (row: AppEventRow) => void;
  /** What the client had is gone (older than what is kept): it must refetch. */
  resync: () => void;
};

type Subscriber = { audience: EventAudience; lastId: number; sink: EventSink };

const CATCH_UP_PAGE = 1_000;
const REPLAY_LIMIT = 1_000;

export function isVisibleTo(row: Pick<AppEventRow, "businessId" | "userId" | "endUserId" | "forAdmins">, audience: EventAudience): boolean {
  if (row.businessId !== audience.businessId) return false;
  return (
    (audience.userId !== null && row.userId === audience.userId) ||
    (audience.endUserId !== null && row.endUserId === audience.endUserId) ||
    (audience.admin && row.forAdmins)
  );
}

export class EventBus {
  private readonly byBusiness = new Map<string, Set<Subscriber>>();
  private queue: Promise<void> = Promise.resolve();
  private listening: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private listens = 0;
  private pendingIds = new Set<number>();
  private flushScheduled = false;
  private stopped = false;

  constructor(readonly database: AppDatabase) {}

  /** Runs `task` after every task before it; a failure is logged and does not stop the ones after. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((error: unknown) => logger().error({ err: error }, "live event delivery failed"));
    this.queue = next;
    return next;
  }

  /** Like `enqueue`, but the task's failure is its caller's to handle (the tasks after it still run). */
  private enqueueForCaller<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const listener = await listenTo(this.database, EVENTS_CHANNEL, {
        onNotify: (payload) => this.notified(payload),
        // Every time after the first, the events sent while it did not listen are caught up.
        onListen: () => {
          this.listens += 1;
          if (this.listens > 1) void this.enqueue(() => this.catchUp());
        },
        onLost: () => logger().warn("live events listener lost its connection; listening again"),
        log: (error) => logger().warn({ err: error }, "live events listener could not listen again yet"),
      });
      this.stopListening = () => listener.stop();
    })().catch((error: unknown) => {
      // Not kept: the next stream to open tries to listen again rather than failing for good.
      this.listening = null;
      throw error;
    });
    return this.listening;
  }

  private notified(payload: string): void {
    for (const part of payload.split(",")) {
      const id = Number(part);
      if (Number.isSafeInteger(id) && id > 0) this.pendingIds.add(id);
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Ids that arrive together are read with one query.
    void this.enqueue(async () => {
      this.flushScheduled = false;
      const ids = [...this.pendingIds];
      this.pendingIds = new Set();
      const relevant = ids.length && this.byBusiness.size ? await getEventsByIds(this.database.db, { ids }) : [];
      for (const row of relevant) this.dispatch(row);
    });
  }

  private dispatch(row: AppEventRow): void {
    const subscribers = this.byBusiness.get(row.businessId);
    if (!subscribers) return;
    for (const subscriber of subscribers) deliver(subscriber, row);
  }

  /** After the listening connection came back: everything each business's streams may have missed. */
  private async catchUp(): Promise<void> {
    for (const [businessId, subscribers] of this.byBusiness) {
      let afterId = Math.min(...[...subscribers].map((subscriber) => subscriber.lastId));
      for (;;) {
        const rows = await listBusinessEventsAfter(this.database.db, { businessId, afterId, limit: CATCH_UP_PAGE });
        for (const row of rows) this.dispatch(row);
        if (rows.length < CATCH_UP_PAGE) break;
        afterId = rows.at(-1)!.id;
      }
    }
  }

  /**
   * Feeds `sink` the audience's events: first those after `lastEventId` (or a resync when they are no
   * longer all kept), then each new one as it is committed. Returns the unsubscribe function; throws
   * (subscribing nothing) when the database cannot be read or listened to.
   */
  async subscribe(input: { audience: EventAudience; lastEventId: number | null; sink: EventSink }): Promise<() => void> {
    await this.listen();
    const subscriber: Subscriber = { audience: input.audience, lastId: 0, sink: input.sink };
    let active = true;
    await this.enqueueForCaller(async () => {
      const db = this.database.db;
      const lastEventId = input.lastEventId;
      const replayable = lastEventId !== null && (await canReplayFrom(db, { businessId: input.audience.businessId, lastId: lastEventId }));
      const missed = replayable ? await listEventsAfter(db, { audience: input.audience, afterId: lastEventId, limit: REPLAY_LIMIT + 1 }) : [];
      if (replayable && missed.length <= REPLAY_LIMIT) {
        subscriber.lastId = lastEventId;
        input.sink.ready(lastEventId);
        for (const row of missed) deliver(subscriber, row);
      } else {
        subscriber.lastId = await latestEventId(db, { businessId: input.audience.businessId });
        input.sink.ready(subscriber.lastId);
        if (lastEventId !== null) input.sink.resync();
      }
      if (!active) return;
      const subscribers = this.byBusiness.get(input.audience.businessId) ?? new Set<Subscriber>();
      subscribers.add(subscriber);
      this.byBusiness.set(input.audience.businessId, subscribers);
    });
    return () => {
      active = false;
      const subscribers = this.byBusiness.get(input.audience.businessId);
      subscribers?.delete(subscriber);
      if (subscribers && subscribers.size === 0) this.byBusiness.delete(input.audience.businessId);
    };
  }

  /** How many streams this process feeds (for tests and the health of a load run). */
  get subscriberCount(): number {
    let total = 0;
    for (const subscribers of this.byBusiness.values()) total += subscribers.size;
    return total;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.byBusiness.clear();
    await this.listening?.catch(() => undefined);
    await this.stopListening?.().catch(() => undefined);
  }
}

function deliver(subscriber: Subscriber, row: AppEventRow): void {
  if (row.id <= subscriber.lastId || !isVisibleTo(row, subscriber.audience)) return;
  subscriber.lastId = row.id;
  subscriber.sink.event(row);
}

const globalForBus = globalThis as unknown as { __eventBus?: EventBus };

/** The process's bus for the database it uses now (a test that installs another database gets a new one). */
export function getEventBus(): EventBus {
  const database = getAppDatabase();
  const current = globalForBus.__eventBus;
  if (current && current.database === database) return current;
  if (current) void current.stop();
  globalForBus.__eventBus = new EventBus(database);
  return globalForBus.__eventBus;
}
