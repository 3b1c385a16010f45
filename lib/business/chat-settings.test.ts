import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { businesses } from "@/db/schema";
import { getSharedCache, SharedCache } from "@/lib/cache/shared";
import { actorOf, createTeam } from "@/test/factories";
import { chatSettingsOf } from "./chat-settings";
import { rotateIdentitySecret, updateBusiness } from "./service";

// A chat turn reads its business's settings through the "business" cache: a saved change must reach
// this instance at once and every other one when its notification arrives.

describe("the cached chat settings", () => {
  let otherInstance: SharedCache;

  beforeAll(async () => {
    await getSharedCache().whenListening();
    otherInstance = new SharedCache(getAppDatabase());
    await otherInstance.whenListening();
  });

  afterAll(async () => {
    await otherInstance.stop();
  });

  it("answers from memory: a change written without an announcement is not read", async () => {
    const team = await createTeam();
    const before = await chatSettingsOf(team.business.id);
    await getDb().update(businesses).set({ botName: "Written behind the cache" }).where(eq(businesses.id, team.business.id));
    expect((await chatSettingsOf(team.business.id))?.botName).toBe(before?.botName);
  });

  it("reads a saved change at once here, and on another instance once notified", async () => {
    const team = await createTeam();
    expect((await chatSettingsOf(team.business.id))?.messageCost).toBe(team.business.messageCost);
    expect((await chatSettingsOf(team.business.id, otherInstance))?.botName).toBe(team.business.botName);

    await updateBusiness(actorOf(team.admin), { settings: { botName: "Ada", messageCost: team.business.messageCost + 5 } });

    const here = await chatSettingsOf(team.business.id);
    expect(here).toMatchObject({ botName: "Ada", messageCost: team.business.messageCost + 5 });
    await vi.waitUntil(async () => (await chatSettingsOf(team.business.id, otherInstance))?.botName === "Ada", { timeout: 5_000, interval: 10 });
    expect((await chatSettingsOf(team.business.id, otherInstance))?.messageCost).toBe(team.business.messageCost + 5);
  });

  it("a rotated identity secret empties the business's cached entries everywhere", async () => {
    const team = await createTeam();
    expect(await otherInstance.get("business", team.business.id, "probe", 60_000, async () => "cached")).toBe("cached");
    await rotateIdentitySecret(actorOf(team.admin));
    await vi.waitUntil(async () => (await otherInstance.get("business", team.business.id, "probe", 60_000, async () => "reloaded")) === "reloaded", { timeout: 5_000, interval: 10 });
  });
});
