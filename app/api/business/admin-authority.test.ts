import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, businesses, creditTransactions, users } from "@/db/schema";
import { lockBusiness } from "@/lib/business/queries";
import { createBusiness, createUser } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { POST as grantCredits } from "./credits/route";
import { PATCH as updateBusiness } from "./route";
import { POST as adjustWallet } from "./wallet/route";

/*
 * Settings, credit grants and the wallet are the business's admins' alone: an admin demoted while their
 * request was on its way (authorised by the role it found) changes none of them once the demotion commits.
 */

async function adminBeingDemoted() {
  const business = await createBusiness();
  const [admin] = await Promise.all([createUser({ businessId: business.id, role: "admin" }), createUser({ businessId: business.id, role: "admin" })]);
  const token = await tokenFor(admin!);
  // The demotion as updateUser makes it, held open under the business's lock.
  const demotion = await heldTransaction(async (tx) => {
    await lockBusiness(tx, { businessId: business.id });
    await tx.update(users).set({ role: "viewer" }).where(eq(users.id, admin!.id));
  });
  return { business, admin: admin!, token, demotion };
}

const auditOf = (businessId: string) => getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.businessId, businessId));

describe("an admin demoted while the request was on its way", () => {
  it("changes no setting (concurrent transactions: Postgres)", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const { business, token, demotion } = await adminBeingDemoted();
    const saving = callRoute(updateBusiness, {
      token,
      method: "PATCH",
      body: { settings: { requireVerifiedIdentity: false, messageCost: 1, botName: "Kept door" } },
    });
    await Promise.race([saving, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await saving).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const [row] = await getDb().select({ botName: businesses.botName, messageCost: businesses.messageCost }).from(businesses).where(eq(businesses.id, business.id));
    expect(row).toEqual({ botName: "Assistant", messageCost: 100 });
    expect(await auditOf(business.id)).toEqual([]);
  });

  it("grants no credits, to themselves or anyone (concurrent transactions: Postgres)", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const { business, admin, token, demotion } = await adminBeingDemoted();
    const granting = callRoute(grantCredits, { token, body: { userId: admin.id, amount: 50_000, reason: "On my way out" } });
    await Promise.race([granting, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await granting).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const grants = await getDb().select({ id: creditTransactions.id }).from(creditTransactions).where(and(eq(creditTransactions.userId, admin.id), eq(creditTransactions.kind, "grant")));
    expect(grants).toEqual([]);
    expect(await auditOf(business.id)).toEqual([]);
  });

  it("moves nothing in the business wallet (concurrent transactions: Postgres)", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the request cannot start while the demotion is open
    const { business, token, demotion } = await adminBeingDemoted();
    const [before] = await getDb().select({ balance: businesses.walletCredits }).from(businesses).where(eq(businesses.id, business.id));
    const adjusting = callRoute(adjustWallet, { token, body: { amount: 50_000, reason: "On my way out" } });
    await Promise.race([adjusting, someoneWaitsForALock()]);
    await demotion.finish();
    expect(await adjusting).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const [after] = await getDb().select({ balance: businesses.walletCredits }).from(businesses).where(eq(businesses.id, business.id));
    expect(after!.balance).toBe(before!.balance);
    expect(await auditOf(business.id)).toEqual([]);
  });
});
