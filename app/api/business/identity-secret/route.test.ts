import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, businesses, users } from "@/db/schema";
import { lockBusiness } from "@/lib/business/queries";
import { createApiKey, createTeam, createUser } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { GET as businessGet } from "../route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import { GET, POST } from "./route";

type Team = Awaited<ReturnType<typeof createTeam>>;

const storedSecret = async (businessId: string) =>
  (await getDb().select({ secret: businesses.identitySecret }).from(businesses).where(eq(businesses.id, businessId)))[0]!.secret;

const rotations = (businessId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.businessId, businessId), eq(auditLog.action, "business.identity_secret_rotate")));

describe("identity secret", () => {
  let team: Team;
  let other: Team;

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
  });

  it("gives the admin the business's secret, never cached", async () => {
    const response = await callRoute(GET, { token: await tokenFor(team.admin) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toEqual({ secret: await storedSecret(team.business.id) });
    expect(response.body.secret).not.toBe(await storedSecret(other.business.id));
  });

  it("rotates to 256 fresh random bits, audited without the secret; the old one no longer reads back", async () => {
    const token = await tokenFor(team.admin);
    const before = (await callRoute(GET, { token })).body.secret;
    const rotated = await callRoute(POST, { method: "POST", token });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    const { secret } = rotated.body;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toBe(before);
    expect(await storedSecret(team.business.id)).toBe(secret);
    expect((await callRoute(GET, { token })).body).toEqual({ secret });

    // What a business computes on its server verifies against the stored secret only after the rotation.
    const userHash = createHmac("sha256", secret).update("customer-42").digest("hex");
    expect(createHmac("sha256", await storedSecret(team.business.id)).update("customer-42").digest("hex")).toBe(userHash);
    expect(createHmac("sha256", before).update("customer-42").digest("hex")).not.toBe(userHash);

    const again = await callRoute(POST, { token, body: {} });
    expect(again.status).toBe(200);
    expect(again.body.secret).not.toBe(secret);

    const entries = await rotations(team.business.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorId: team.admin.id, entityType: "business", entityId: team.business.id, summary: {} });
    expect(entries[0]!.requestId).toBe(rotated.headers.get("x-request-id"));
    const text = JSON.stringify(entries);
    for (const value of [before, secret, again.body.secret]) expect(text).not.toContain(value);

    // GET /api/business never carries it, and the other business's secret is untouched.
    for (const user of [team.admin, team.viewer]) {
      expect((await callRoute(businessGet, { token: await tokenFor(user) })).text).not.toContain(again.body.secret);
    }
    expect(await rotations(other.business.id)).toHaveLength(0);
  });

  it("refuses a body, and is for admins only: other roles 403, signed-out callers 401, nothing rotated", async () => {
    const secret = await storedSecret(other.business.id);
    const withBody = await callRoute(POST, { token: await tokenFor(other.admin), body: { secret: "0".repeat(64) } });
    expect(withBody.status).toBe(400);
    for (const user of [other.editor, other.approver, other.viewer]) {
      const token = await tokenFor(user);
      for (const answer of [await callRoute(GET, { token }), await callRoute(POST, { method: "POST", token })]) {
        expect(answer.status, user.role).toBe(403);
        expect(answer.body.error).toBe("forbidden");
        expect(answer.text).not.toContain(secret);
      }
    }
    expect((await callRoute(GET, {})).status).toBe(401);
    expect((await callRoute(POST, { method: "POST" })).status).toBe(401);
    expect(await storedSecret(other.business.id)).toBe(secret);
    expect(await rotations(other.business.id)).toHaveLength(0);
  });

  it("a rotated secret ends the tokens of the visitors it verified, and requiring verified identities ends the unverified ones", async () => {
    const team = await createTeam();
    const admin = await tokenFor(team.admin);
    const { key } = await createApiKey({ businessId: team.business.id, kind: "publishable" });
    const mint = (body: Record<string, unknown>) => callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": key }, body });
    const works = async (visitorToken: string) => (await callRoute(sessionsRoute.GET, { token: visitorToken })).status;
    const hashOf = (secret: string) => createHmac("sha256", secret).update("ann@example.com").digest("hex");

    const verified = (await mint({ userIdentifier: "ann@example.com", userHash: hashOf(await storedSecret(team.business.id)) })).body.token;
    const unverified = (await mint({ userIdentifier: "bob@example.com" })).body.token;
    const anonymous = (await mint({ anonymousId: "identity-test-visitor-01" })).body.token;
    expect([await works(verified), await works(unverified), await works(anonymous)]).toEqual([200, 200, 200]);

    const { secret } = (await callRoute(POST, { method: "POST", token: admin })).body;
    const refused = await callRoute(sessionsRoute.GET, { token: verified });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe("The business's identity secret changed since this visitor was verified: start the visitor session again.");
    expect([await works(unverified), await works(anonymous)]).toEqual([200, 200]);
    // Verified again with the new secret, the visitor is back.
    expect(await works((await mint({ userIdentifier: "ann@example.com", userHash: hashOf(secret) })).body.token)).toBe(200);

    await getDb().update(businesses).set({ requireVerifiedIdentity: true }).where(eq(businesses.id, team.business.id));
    expect(await works(unverified)).toBe(401);
    expect(await works(anonymous)).toBe(200);
  });

  it("an admin demoted while a rotation was on its way gets no new secret, and the old one stays (concurrent transactions: Postgres)", async () => {
    const team = await createTeam();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const second = (await createUser({ businessId: team.business.id, role: "admin" }))!;
    const token = await tokenFor(second);
    const before = await storedSecret(team.business.id);
    const demotion = await heldTransaction(async (tx) => {
      await lockBusiness(tx, { businessId: team.business.id });
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, second.id));
    });
    const rotating = callRoute(POST, { method: "POST", token });
    await Promise.race([rotating, someoneWaitsForALock()]);
    await demotion.finish();
    const answer = await rotating;
    expect(answer).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(answer.text).not.toMatch(/[0-9a-f]{64}/);
    expect(await storedSecret(team.business.id)).toBe(before);
    expect(await rotations(team.business.id)).toHaveLength(0);
  });
});
