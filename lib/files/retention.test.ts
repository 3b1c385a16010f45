import { and, eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb, transaction } from "@/db/client";
import { businesses, chatFileColumns, chatFiles, chatSessions } from "@/db/schema";
import { createSession, deleteSession } from "@/lib/chat/service";
import { logger } from "@/lib/logger";
import { createBusiness, createUser, memberCaller } from "@/test/factories";
import { deleteExpiredFiles, tryLockFileSweep } from "./queries";
import { startFileSweep, sweepExpiredFiles } from "./retention";
import { uploadChatFile } from "./service";

const HOUR = 60 * 60 * 1000;

/** A member of a new business with the given retention, and a conversation of theirs. */
async function memberWithSession(fileRetentionDays?: number) {
  const business = await createBusiness(fileRetentionDays === undefined ? {} : { fileRetentionDays });
  const user = await createUser({ businessId: business.id });
  const caller = memberCaller(user);
  const session = await createSession(caller, { title: "Files" });
  return { business, user, caller, sessionId: session.id };
}

type Member = Awaited<ReturnType<typeof memberWithSession>>;

/** Attaches a three-record CSV through the service, then makes it `ageHours` old. */
async function attach(member: Member, ageHours: number, name = "prices.csv"): Promise<string> {
  const text = "name,price\nDesk,120\nLamp,35\nChair,80\n";
  const file = await uploadChatFile(member.caller, { sessionId: member.sessionId, name, text, size: text.length });
  await age([file.id], ageHours);
  return file.id;
}

async function age(fileIds: string[], hours: number): Promise<void> {
  await getDb()
    .update(chatFiles)
    .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
    .where(inArray(chatFiles.id, fileIds));
}

/** Many files straight into the table (no records), `ageHours` old: more than a conversation may hold. */
async function insertFiles(member: Member, input: { files: number; ageHours: number; rowCount?: number }): Promise<string[]> {
  const values = Array.from({ length: input.files }, (_, i) => ({
    businessId: member.business.id,
    sessionId: member.sessionId,
    uploadedBy: member.user.id,
    name: `bulk-${i}.csv`,
    kind: "csv" as const,
    sizeBytes: 10,
    rowCount: input.rowCount ?? 0,
    columns: [],
    summary: "bulk",
    createdAt: sql`now() - make_interval(hours => ${input.ageHours})`,
  }));
  const rows = await getDb().insert(chatFiles).values(values).returning({ id: chatFiles.id });
  return rows.map((row) => row.id);
}

async function remaining(fileIds: string[]): Promise<string[]> {
  const rows = await getDb().select({ id: chatFiles.id }).from(chatFiles).where(inArray(chatFiles.id, fileIds));
  return rows.map((row) => row.id).sort();
}

async function recordsOf(fileIds: string[]): Promise<number> {
  const [row] = await getDb()
    .select({ n: sql<number>`coalesce(sum(cardinality(${chatFileColumns.texts})), 0)`.mapWith(Number) })
    .from(chatFileColumns)
    .where(and(inArray(chatFileColumns.fileId, fileIds), eq(chatFileColumns.position, 0)));
  return row?.n ?? 0;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the expired chat file sweep", () => {
  it("deletes files older than their own business's retention, with their records, and keeps the rest", async () => {
    const weekly = await memberWithSession(7);
    const monthly = await memberWithSession();
    const untouched = await memberWithSession(365);
    const weeklyOld = await attach(weekly, 7 * 24 + 1, "old.csv");
    const weeklyNew = await attach(weekly, 7 * 24 - 1, "new.csv");
    // Past the other business's seven days, within this one's default thirty.
    const monthlyMid = await attach(monthly, 8 * 24);
    const monthlyOld = await attach(monthly, 30 * 24 + 1);
    const yearlyMid = await attach(untouched, 200 * 24);
    const all = [weeklyOld, weeklyNew, monthlyMid, monthlyOld, yearlyMid];
    expect(await recordsOf(all)).toBe(15);

    expect(await sweepExpiredFiles()).toEqual({ removed: 2, skipped: false });
    expect(await remaining(all)).toEqual([weeklyNew, monthlyMid, yearlyMid].sort());
    expect(await recordsOf([weeklyOld, monthlyOld])).toBe(0);
    expect(await recordsOf([weeklyNew, monthlyMid, yearlyMid])).toBe(9);

    // Nothing left to do: a second sweep deletes nothing.
    expect(await sweepExpiredFiles()).toEqual({ removed: 0, skipped: false });
    expect(await remaining(all)).toHaveLength(3);

    // Shortening a business's retention applies at the next sweep.
    await getDb().update(businesses).set({ fileRetentionDays: 1 }).where(eq(businesses.id, monthly.business.id));
    expect(await sweepExpiredFiles()).toEqual({ removed: 1, skipped: false });
    expect(await remaining(all)).toEqual([weeklyNew, yearlyMid].sort());
  });

  it("works in bounded batches: at most the file limit, and no further file once the batch holds its record budget", async () => {
    const member = await memberWithSession(1);
    const many = await insertFiles(member, { files: 520, ageHours: 48 });
    expect(await transaction((tx) => deleteExpiredFiles(tx, { maxFiles: 500, maxRows: 200_000 }))).toBe(500);
    expect(await remaining(many)).toHaveLength(20);
    expect(await sweepExpiredFiles()).toEqual({ removed: 20, skipped: false });

    // Three large files: the second starts under the budget and goes; the third waits for the next batch.
    const large = await insertFiles(member, { files: 3, ageHours: 48, rowCount: 150_000 });
    expect(await transaction((tx) => deleteExpiredFiles(tx, { maxFiles: 500, maxRows: 200_000 }))).toBe(2);
    expect(await remaining(large)).toHaveLength(1);
    expect(await sweepExpiredFiles()).toEqual({ removed: 1, skipped: false });
    expect(await remaining([...many, ...large])).toEqual([]);
  });

  it("run twice at once, both sweeps finish without error and every file is deleted exactly once", async () => {
    const first = await memberWithSession(3);
    const second = await memberWithSession(10);
    const expired = [...(await insertFiles(first, { files: 700, ageHours: 4 * 24 })), ...(await insertFiles(second, { files: 500, ageHours: 11 * 24 }))];
    const kept = [...(await insertFiles(first, { files: 5, ageHours: 2 * 24 })), ...(await insertFiles(second, { files: 5, ageHours: 9 * 24 }))];

    const results = await Promise.all([sweepExpiredFiles(), sweepExpiredFiles()]);
    expect(results[0]!.removed + results[1]!.removed).toBe(expired.length);
    // At most one of them found the other holding the lock and left the rest to it.
    expect(results.filter((result) => result.skipped).length).toBeLessThanOrEqual(1);
    expect(await remaining(expired)).toEqual([]);
    expect(await remaining(kept)).toHaveLength(kept.length);
  });

  it("steps aside while another instance holds the sweep's lock (on the embedded engine, its one process always gets it)", async () => {
    const member = await memberWithSession(1);
    const expired = await insertFiles(member, { files: 3, ageHours: 48 });
    if (getAppDatabase().kind === "pglite") {
      expect(await transaction((tx) => tryLockFileSweep(tx))).toBe(true);
      expect(await sweepExpiredFiles()).toEqual({ removed: 3, skipped: false });
      return;
    }
    await transaction(async (tx) => {
      expect(await tryLockFileSweep(tx)).toBe(true);
      // The sweep's transactions run on other connections of the pool, as another instance's would.
      expect(await sweepExpiredFiles()).toEqual({ removed: 0, skipped: true });
    });
    expect(await remaining(expired)).toHaveLength(3);
    expect(await sweepExpiredFiles()).toEqual({ removed: 3, skipped: false });
  });

  it("runs once at start and then every hour, and a second start in the process adds no second timer", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    // The sweep's closing log line is written after its last query: waiting for it leaves no query in flight.
    const info = vi.spyOn(logger(), "info");
    const swept = () => info.mock.calls.filter(([, message]) => message === "chat file sweep: expired files deleted").map(([fields]) => fields);
    const member = await memberWithSession(1);
    const atStart = await attach(member, 25);
    const stop = startFileSweep();
    try {
      expect(vi.getTimerCount()).toBe(1);
      await vi.waitFor(() => expect(swept()).toEqual([{ removed: 1 }]));
      expect(await remaining([atStart])).toEqual([]);
      startFileSweep();
      expect(vi.getTimerCount()).toBe(1);

      const nextHour = await attach(member, 25, "later.csv");
      vi.advanceTimersByTime(HOUR);
      await vi.waitFor(() => expect(swept()).toEqual([{ removed: 1 }, { removed: 1 }]));
      expect(await remaining([nextHour])).toEqual([]);
      expect(await recordsOf([atStart, nextHour])).toBe(0);
    } finally {
      stop();
      info.mockRestore();
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("deleting a conversation", () => {
  it("deletes its files and their records at once, and no other conversation's", async () => {
    const member = await memberWithSession();
    const gone = [await attach(member, 0, "a.csv"), await attach(member, 0, "b.csv")];
    const other = await createSession(member.caller, { title: "Other" });
    const text = "sku,qty\nA1,2\n";
    const kept = await uploadChatFile(member.caller, { sessionId: other.id, name: "kept.csv", text, size: text.length });
    expect(await recordsOf(gone)).toBe(6);

    await deleteSession(member.caller, { sessionId: member.sessionId });
    expect(await getDb().select().from(chatSessions).where(eq(chatSessions.id, member.sessionId))).toEqual([]);
    expect(await remaining(gone)).toEqual([]);
    expect(await recordsOf(gone)).toBe(0);
    expect(await remaining([kept.id])).toEqual([kept.id]);
    expect(await recordsOf([kept.id])).toBe(1);
  });
});

describe("the retention column", () => {
  it("is 30 days by default and the database refuses a value outside 1 to 3,650", async () => {
    const business = await createBusiness();
    expect(business.fileRetentionDays).toBe(30);
    for (const fileRetentionDays of [0, 3651]) {
      const refused = await getDb()
        .update(businesses)
        .set({ fileRetentionDays })
        .where(eq(businesses.id, business.id))
        .then(
          () => null,
          (error: { cause?: { code?: string } }) => error.cause?.code,
        );
      expect(refused, String(fileRetentionDays)).toBe("23514");
    }
  });
});
