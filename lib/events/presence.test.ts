import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { openEventStream } from "@/test/event-stream";
import { createBusiness, createUser } from "@/test/factories";
import { tokenFor } from "@/test/http";
import { AWAY_AFTER_MS, PRESENCE_REFRESH_MS, trackPresence } from "./presence";

afterEach(() => {
  vi.useRealTimers();
});

async function lastSeenOf(userId: string): Promise<number> {
  const [row] = await getDb().select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, userId));
  return row?.lastSeenAt?.getTime() ?? 0;
}

describe("trackPresence", () => {
  it("keeps one refresh per member however many streams they hold here, until their last one closes", async () => {
    const business = await createBusiness();
    const member = await createUser({ businessId: business.id, role: "admin" });
    const audience = { businessId: business.id, userId: member.id, endUserId: null, admin: true };
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const before = vi.getTimerCount();

    const stops = [await trackPresence(audience), await trackPresence(audience), await trackPresence(audience)];
    expect(vi.getTimerCount()).toBe(before + 1);

    // The one refresh does keep the member's last-seen time fresh.
    await getDb().update(users).set({ lastSeenAt: new Date(0) }).where(eq(users.id, member.id));
    vi.advanceTimersByTime(PRESENCE_REFRESH_MS);
    await expect.poll(() => lastSeenOf(member.id)).toBeGreaterThan(0);

    stops[0]!();
    stops[1]!();
    // Closing the same stream twice counts once.
    stops[1]!();
    expect(vi.getTimerCount()).toBe(before + 1);
    stops[2]!();
    // The refresh stops once no stream of theirs came back in time.
    expect(vi.getTimerCount()).toBe(before + 1);
    await expect.poll(() => vi.getTimerCount(), { timeout: AWAY_AFTER_MS + 3_000 }).toBe(before);
  });

  it("a stream that ends and is opened again at once (its token renewed) is no absence: nobody is told the member went away", async () => {
    const business = await createBusiness();
    const member = await createUser({ businessId: business.id, role: "admin" });
    const audience = { businessId: business.id, userId: member.id, endUserId: null, admin: true };
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminStream = await openEventStream({ token: await tokenFor(admin), ignore: [] });
    const stop = await trackPresence(audience);
    stop();
    const stopAgain = await trackPresence(audience);
    await new Promise((resolve) => setTimeout(resolve, AWAY_AFTER_MS + 500));
    const heard = (await adminStream.drain(300)).filter((item) => item.type === "presence" && (item.data as { userId?: string }).userId === member.id);
    expect(heard.map((item) => ("data" in item ? (item.data as { online: boolean }).online : null))).toEqual([true]);
    stopAgain();
    adminStream.close();
  });

  it("a member announced away who comes back within the minute is announced online again", async () => {
    const business = await createBusiness();
    const member = await createUser({ businessId: business.id, role: "viewer" });
    const audience = { businessId: business.id, userId: member.id, endUserId: null, admin: false };
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminStream = await openEventStream({ token: await tokenFor(admin), ignore: [] });
    const stop = await trackPresence(audience);
    stop();
    await new Promise((resolve) => setTimeout(resolve, AWAY_AFTER_MS + 700));
    const stopAgain = await trackPresence(audience);
    const heard = (await adminStream.drain(500)).filter((item) => item.type === "presence" && (item.data as { userId?: string }).userId === member.id);
    expect(heard.map((item) => ("data" in item ? (item.data as { online: boolean }).online : null))).toEqual([true, false, true]);
    stopAgain();
    adminStream.close();
  });
});
