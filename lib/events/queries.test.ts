import { describe, expect, it } from "vitest";
import { getAppDatabase, transaction } from "@/db/client";
import { createBusiness } from "@/test/factories";
import { EVENTS_CHANNEL, insertEvents, type NewEvent } from "./queries";

/** Every payload sent on the events channel from now on, as the app's listener receives them. */
async function listenForEvents(): Promise<{ payloads: string[]; stop: () => Promise<void> }> {
  const database = getAppDatabase();
  const payloads: string[] = [];
  if (database.postgresClient) {
    const request = await database.postgresClient.listen(EVENTS_CHANNEL, (payload) => payloads.push(payload));
    return { payloads, stop: () => request.unlisten() };
  }
  const unlisten = await database.pgliteClient!.listen(EVENTS_CHANNEL, (payload) => payloads.push(payload));
  return { payloads, stop: () => unlisten() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

function presence(businessId: string, n: number): NewEvent {
  return { businessId, type: "presence", userId: null, endUserId: null, forAdmins: true, sessionId: null, data: { n } };
}

describe("storing events", () => {
  it("announces the ids of each insert once, on commit, and nothing for one rolled back", async () => {
    const business = await createBusiness();
    const listener = await listenForEvents();
    try {
      const stored = await transaction((tx) => insertEvents(tx, { businessId: business.id, rows: [presence(business.id, 1), presence(business.id, 2)] }));
      const single = await transaction((tx) => insertEvents(tx, { businessId: business.id, rows: [presence(business.id, 3)] }));
      await expect(
        transaction(async (tx) => {
          await insertEvents(tx, { businessId: business.id, rows: [presence(business.id, 4)] });
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      await settle();
      expect(listener.payloads).toEqual([stored.map((row) => row.id).join(","), String(single[0]!.id)]);
      expect(stored[0]!.id).toBeLessThan(stored[1]!.id);
    } finally {
      await listener.stop();
    }
  });

  it("keeps the business's event lock from the insert to commit: a later writer's events wait for the commit and come after", async () => {
    const business = await createBusiness();
    let finishFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (finishFirst = resolve));
    const steps: string[] = [];
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = transaction(async (tx) => {
      const rows = await insertEvents(tx, { businessId: business.id, rows: [presence(business.id, 1), presence(business.id, 2)] });
      steps.push("first stored");
      firstInserted();
      await firstMayCommit;
      steps.push("first commits");
      return rows;
    });
    await inserted;
    const second = transaction((tx) => insertEvents(tx, { businessId: business.id, rows: [presence(business.id, 3)] })).then((rows) => {
      steps.push("second stored");
      return rows;
    });
    await settle();
    finishFirst();
    const [one, two] = await Promise.all([first, second]);
    expect(steps).toEqual(["first stored", "first commits", "second stored"]);
    expect(one[0]!.id).toBeLessThan(one[1]!.id);
    expect(two[0]!.id).toBeGreaterThan(one[1]!.id);
  });
});
