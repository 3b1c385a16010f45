import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { apiKeys, auditLog, invites, users } from "@/db/schema";
import { lockBusiness } from "@/lib/business/queries";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { PATCH as updateApiKeyRoute } from "@/app/api/api-keys/[id]/route";
import { POST as createApiKeyRoute } from "@/app/api/api-keys/route";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as createUserRoute } from "@/app/api/users/route";
import { DELETE as deactivate, PATCH as updateUser } from "@/app/api/users/[id]/route";
import { POST as resendInviteRoute } from "./[id]/resend/route";
import { POST as createInvite } from "./route";

/*
 * An invite carries the authority of the admin who made it: once they may no longer invite (demoted or
 * deactivated), what they made is withdrawn, so a removed admin cannot come back through a code they kept.
 */

let nextAddress = 1;
const from = () => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.41.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`) });

async function twoAdmins() {
  const business = await createBusiness();
  const [first, second] = await Promise.all([createUser({ businessId: business.id, role: "admin" }), createUser({ businessId: business.id, role: "admin" })]);
  return { business, first: first!, second: second!, firstToken: await tokenFor(first!), secondToken: await tokenFor(second!) };
}

async function invite(token: string, body: { role: string; email?: string }) {
  const res = await callRoute(createInvite, { token, body, headers: from() });
  expect(res.status).toBe(201);
  return res.body as { id: string; inviteCode: string };
}

const join = (inviteCode: string, email = uniqueEmail("back")) =>
  callRoute(register, { body: { email, password: TEST_PASSWORD, name: "Back Again", inviteCode }, headers: from() });

async function revocationAudits(inviteIds: string[]) {
  const rows = await getDb().select({ entityId: auditLog.entityId, summary: auditLog.summary }).from(auditLog).where(eq(auditLog.action, "invite.revoke"));
  return rows.filter((row) => inviteIds.includes(row.entityId!)).map((row) => row.summary);
}

describe("an invite outlives its maker's authority no longer", () => {
  it.each([
    ["demoted", (id: string, token: string) => callRoute(updateUser, { token, method: "PATCH", params: { id }, body: { role: "viewer" } })],
    ["deactivated", (id: string, token: string) => callRoute(deactivate, { token, method: "DELETE", params: { id } })],
  ])("an admin %s leaves no pending invite of theirs; another admin's invites stay", async (_how, remove) => {
    const { business, first, firstToken, secondToken } = await twoAdmins();
    const kept = await invite(firstToken, { role: "admin" });
    const bound = await invite(firstToken, { role: "editor", email: uniqueEmail("accomplice") });
    const others = await invite(secondToken, { role: "editor" });

    expect((await remove(first.id, secondToken)).status).toBeLessThan(300);

    const refused = await join(kept.inviteCode);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "invalid_request" });
    const pending = await getDb().select({ id: invites.id, revokedAt: invites.revokedAt }).from(invites).where(eq(invites.businessId, business.id));
    expect(pending.filter((row) => row.revokedAt === null).map((row) => row.id)).toEqual([others.id]);
    const audits = await revocationAudits([kept.id, bound.id]);
    expect(audits).toHaveLength(2);
    expect(audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: "admin", reason: "creator_lost_admin" }),
        expect.objectContaining({ role: "editor", reason: "creator_lost_admin" }),
      ]),
    );
    expect((await join(others.inviteCode)).status).toBe(201);
  });

  it("an admin's name change leaves their invites as they are", async () => {
    const { first, firstToken, secondToken } = await twoAdmins();
    const kept = await invite(firstToken, { role: "editor" });
    expect((await callRoute(updateUser, { token: secondToken, method: "PATCH", params: { id: first.id }, body: { name: "Ada Renamed" } })).status).toBe(200);
    expect((await join(kept.inviteCode)).status).toBe(201);
  });

  it("an invite or a member change asked by an admin demoted while it waited for the business is refused (concurrent transactions: Postgres)", async () => {
    const { business, first, firstToken, second, secondToken } = await twoAdmins();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the requests cannot start while the demotion is open
    const othersInvite = await invite(secondToken, { role: "editor", email: uniqueEmail("resent") });
    const [before] = await getDb().select({ codeHash: invites.codeHash }).from(invites).where(eq(invites.id, othersInvite.id));
    // The demotion of the first admin, as updateUser makes it, held open under the business's lock.
    const demotion = await heldTransaction(async (tx) => {
      await lockBusiness(tx, { businessId: business.id });
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, first.id));
    });
    // Their requests were authorised before the demotion committed and wait for the lock.
    const inviting = callRoute(createInvite, { token: firstToken, body: { role: "admin" }, headers: from() });
    const promoting = callRoute(updateUser, { token: firstToken, method: "PATCH", params: { id: second.id }, body: { role: "viewer" } });
    // A resend's mail goes out first; the new code it carries is stored, in their name, only if they still may.
    const resending = callRoute(resendInviteRoute, { method: "POST", token: firstToken, params: { id: othersInvite.id }, headers: from() });
    await someoneWaitsForALock(3);
    await demotion.finish();
    expect(await inviting).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await promoting).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await resending).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const [after] = await getDb().select({ codeHash: invites.codeHash }).from(invites).where(eq(invites.id, othersInvite.id));
    expect(after!.codeHash).toBe(before!.codeHash);
    expect(await getDb().select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, "invite.resend"), eq(auditLog.entityId, othersInvite.id)))).toEqual([]);
    expect(await getDb().select({ id: invites.id }).from(invites).where(and(eq(invites.businessId, business.id), eq(invites.createdBy, first.id)))).toEqual([]);
    const [secondNow] = await getDb().select({ role: users.role }).from(users).where(eq(users.id, second.id));
    expect(secondNow!.role).toBe("admin");
  });

  it("an account created by an admin demoted or deactivated while the request was on its way is refused (concurrent transactions: Postgres)", async () => {
    const { business, first, firstToken } = await twoAdmins();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const demotion = await heldTransaction(async (tx) => {
      await lockBusiness(tx, { businessId: business.id });
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, first.id));
    });
    // An admin account whose password the demoted admin chose would hand them the business back.
    const email = uniqueEmail("kept-door");
    const creating = callRoute(createUserRoute, { token: firstToken, body: { email, name: "Spare Key", role: "admin", password: "a password I chose" }, headers: from() });
    await Promise.race([creating, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await creating).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.email, email))).toEqual([]);
  });

  it("an API key created by an admin demoted while the request was on its way is refused (concurrent transactions: Postgres)", async () => {
    const { business, first, firstToken } = await twoAdmins();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const demotion = await heldTransaction(async (tx) => {
      await lockBusiness(tx, { businessId: business.id });
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, first.id));
    });
    // A secret key would keep the demoted admin's way into the business's data.
    const creating = callRoute(createApiKeyRoute, { token: firstToken, body: { name: "Kept key", kind: "secret", scopes: ["chat"] } });
    await Promise.race([creating, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await creating).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.businessId, business.id))).toEqual([]);
  });

  it("an API key changed by an admin demoted while the request was on its way keeps what it had (concurrent transactions: Postgres)", async () => {
    const { business, first, firstToken } = await twoAdmins();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const created = await callRoute(createApiKeyRoute, { token: firstToken, body: { name: "Narrow key", kind: "secret", scopes: ["chat"] } });
    expect(created.status).toBe(201);
    const demotion = await heldTransaction(async (tx) => {
      await lockBusiness(tx, { businessId: business.id });
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, first.id));
    });
    const widening = callRoute(updateApiKeyRoute, { token: firstToken, method: "PATCH", params: { id: created.body.apiKey.id }, body: { scopes: ["chat", "stats"] } });
    await Promise.race([widening, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await widening).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const [key] = await getDb().select({ scopes: apiKeys.scopes }).from(apiKeys).where(eq(apiKeys.id, created.body.apiKey.id));
    expect(key!.scopes).toEqual(["chat"]);
  });
});
