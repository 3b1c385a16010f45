import { describe, expect, it } from "vitest";
import { getAppDatabase, type AppDatabase } from "@/db/client";
import { createBusiness } from "@/test/factories";
import { EventBus, type EventSink } from "./bus";

const sink = (): EventSink & { readies: number[] } => {
  const readies: number[] = [];
  return { readies, ready: (position) => readies.push(position), event: () => {}, resync: () => {} };
};

/** The app's database, listening in-process, whose LISTEN fails the first `failures` times. */
function listeningThatFails(failures: number): AppDatabase {
  const real = getAppDatabase();
  let left = failures;
  const listen = async () => {
    if (left-- > 0) throw new Error("the database is not reachable");
    return async () => {};
  };
  return { db: real.db, kind: "pglite", close: async () => {}, pgliteClient: { listen } as unknown as AppDatabase["pgliteClient"] };
}

describe("EventBus", () => {
  it("a subscription whose reads fail is refused, not left registered without its ready", async () => {
    const business = await createBusiness();
    const failingReads = new Proxy({} as AppDatabase["db"], {
      get: () => () => {
        throw new Error("the pool timed out");
      },
    });
    const bus = new EventBus({ ...listeningThatFails(0), db: failingReads });
    const sunk = sink();
    await expect(bus.subscribe({ audience: { businessId: business.id, userId: null, endUserId: null, admin: true }, lastEventId: null, sink: sunk })).rejects.toThrow(
      "the pool timed out",
    );
    expect(bus.subscriberCount).toBe(0);
    expect(sunk.readies).toEqual([]);
    await bus.stop();
  });

  it("a LISTEN that failed once is tried again by the next subscription", async () => {
    const business = await createBusiness();
    const bus = new EventBus(listeningThatFails(1));
    const audience = { businessId: business.id, userId: null, endUserId: null, admin: true };
    await expect(bus.subscribe({ audience, lastEventId: null, sink: sink() })).rejects.toThrow("the database is not reachable");
    const sunk = sink();
    const unsubscribe = await bus.subscribe({ audience, lastEventId: null, sink: sunk });
    expect(sunk.readies).toEqual([0]);
    expect(bus.subscriberCount).toBe(1);
    unsubscribe();
    await bus.stop();
  });
});
