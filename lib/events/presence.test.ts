import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { createBusiness, createUser } from "@/test/factories";
import { PRESENCE_REFRESH_MS, trackPresence } from "./presence";

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
    expect(vi.getTimerCount()).toBe(before);
  });
});
