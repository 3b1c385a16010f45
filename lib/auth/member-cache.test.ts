import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as balanceGet } from "@/app/api/chat/balance/route";
import { GET as usersGet } from "@/app/api/users/route";
import { getAppDatabase, getDb } from "@/db/client";
import { users } from "@/db/schema";
import { getSharedCache, SharedCache } from "@/lib/cache/shared";
import { updateUser } from "@/lib/users/service";
import { actorOf, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { verifyAccessToken } from "./jwt";
import { tokenHolderOf } from "./require-user";
import { logout, mintTokenForSession } from "./service";

// The member behind a bearer token is read through the "members" cache; every change that can lock a
// member out or narrow what they may do must reach this instance at once and the others on notice.

describe("the cached member check", () => {
  // Another instance of the app: its own cache listening on the same database.
  let otherInstance: SharedCache;

  beforeAll(async () => {
    await getSharedCache().whenListening();
    otherInstance = new SharedCache(getAppDatabase());
    await otherInstance.whenListening();
  });

  afterAll(async () => {
    await otherInstance.stop();
  });

  it("keeps the member it read: a change made without an announcement is not seen", async () => {
    const team = await createTeam();
    const claims = await verifyAccessToken(await tokenFor(team.viewer));
    expect((await tokenHolderOf(claims))?.name).toBe(team.viewer.name);
    await getDb().update(users).set({ name: "Renamed behind the cache" }).where(eq(users.id, team.viewer.id));
    expect((await tokenHolderOf(claims))?.name).toBe(team.viewer.name);
  });

  it("refuses a deactivated member on their very next request here, and on another instance once notified", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.viewer);
    const claims = await verifyAccessToken(token);
    expect((await callRoute(balanceGet, { token })).status).toBe(200);
    expect(await otherInstance.get("members", team.business.id, "probe", 60_000, async () => "cached")).toBe("cached");
    expect(await tokenHolderOf(claims, otherInstance)).not.toBeNull();

    await updateUser(actorOf(team.admin), { id: team.viewer.id, changes: { active: false } });

    const refused = await callRoute(balanceGet, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("unauthorized");
    await vi.waitUntil(async () => (await tokenHolderOf(claims, otherInstance)) === null, { timeout: 5_000, interval: 10 });
    // The other instance dropped its whole "members" scope of that business, not only this key.
    expect(await otherInstance.get("members", team.business.id, "probe", 60_000, async () => "reloaded")).toBe("reloaded");
  });

  it("limits a demoted admin on their very next request here, and on another instance once notified", async () => {
    const team = await createTeam();
    const second = await createUser({ businessId: team.business.id, role: "admin" });
    const token = await tokenFor(second);
    const claims = await verifyAccessToken(token);
    expect((await callRoute(usersGet, { token })).status).toBe(200);
    expect((await tokenHolderOf(claims, otherInstance))?.role).toBe("admin");

    await updateUser(actorOf(team.admin), { id: second.id, changes: { role: "viewer" } });

    const limited = await callRoute(usersGet, { token });
    expect(limited.status).toBe(403);
    await vi.waitUntil(async () => (await tokenHolderOf(claims, otherInstance))?.role === "viewer", { timeout: 5_000, interval: 10 });
  });

  it("refuses the access tokens of a signed-out family on the next request", async () => {
    const team = await createTeam();
    const minted = await mintTokenForSession({ userId: team.editor.id, passwordStamp: 0 });
    const claims = await verifyAccessToken(minted.token);
    expect((await callRoute(balanceGet, { token: minted.token })).status).toBe(200);
    expect((await tokenHolderOf(claims, otherInstance))?.familyRevoked).toBe(false);

    await logout({ refresh: minted.refresh, actor: null });

    expect((await callRoute(balanceGet, { token: minted.token })).status).toBe(401);
    await vi.waitUntil(async () => (await tokenHolderOf(claims, otherInstance))?.familyRevoked === true, { timeout: 5_000, interval: 10 });
    // Another sign-in of the same member is untouched.
    expect((await callRoute(balanceGet, { token: await tokenFor(team.editor) })).status).toBe(200);
  });
});
