import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as chatRoute from "@/app/api/chat/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import { getDb } from "@/db/client";
import { businesses, creditTransactions, users } from "@/db/schema";
import { createApiKey, createBusiness, createProduct, createUser } from "@/test/factories";
import { callRoute } from "@/test/http";

async function walletState(businessId: string) {
  const db = getDb();
  const [business] = await db.select({ wallet: businesses.walletCredits }).from(businesses).where(eq(businesses.id, businessId));
  const ledger = await db
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.businessId, businessId), isNull(creditTransactions.userId)))
    .orderBy(creditTransactions.seq);
  return { wallet: business!.wallet, ledger, ledgerSum: ledger.reduce((sum, row) => sum + row.amount, 0) };
}

describe("end users spend the business wallet", () => {
  it("60 concurrent end-user sends on a wallet of 4,000 at 100 each → exactly 40 answered, 20 × 402, wallet 0, ledger sums to it", async () => {
    const business = await createBusiness({ messageCost: 100, wallet: 4000, endUserDailyMessages: 1000 });
    await createProduct({ businessId: business.id, status: "approved", name: "Standing Desk", description: "Desk.", price: "499.00" });
    const member = await createUser({ businessId: business.id, role: "viewer", credits: 4000 });
    const { key } = await createApiKey({ businessId: business.id });

    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message: `standing desk ${i}`, userIdentifier: `shopper-${i % 7}@example.com` } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.filter((s) => s === 402)).toHaveLength(20);
    for (const refused of results.filter((r) => r.status === 402)) expect(refused.body.error).toBe("insufficient_credits");

    const { wallet, ledger, ledgerSum } = await walletState(business.id);
    expect(wallet).toBe(0);
    expect(ledgerSum).toBe(wallet);
    expect(ledger.filter((row) => row.kind === "message")).toHaveLength(40);
    expect(ledger.every((row) => row.kind === "signup" || row.endUserId !== null)).toBe(true);
    // Each row's balance follows from the one before it.
    let running = 0;
    for (const row of ledger) {
      running += row.amount;
      expect(row.balanceAfter).toBe(running);
    }
    // The members' own credits are untouched.
    const [stillThere] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, member.id));
    expect(stillThere!.credits).toBe(4000);
  });

  it("an end user past the business's daily messages gets 429 with Retry-After; another end user still chats", async () => {
    const business = await createBusiness({ messageCost: 1, wallet: 1000, endUserDailyMessages: 2 });
    const publishable = await createApiKey({ businessId: business.id, kind: "publishable" });
    const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": publishable.key }, body: { anonymousId: "daily-cap-visitor-0001" } });
    const send = (token: string) => callRoute(chatRoute.POST, { token, body: { message: "hello" } });
    expect((await send(visitor.body.token)).status).toBe(200);
    const second = await send(visitor.body.token);
    expect(second.status).toBe(200);
    // A visitor is not told the business's wallet balance.
    expect(second.body.credits).toBeNull();
    const third = await send(visitor.body.token);
    expect(third.status).toBe(429);
    expect(third.body.error).toBe("rate_limited");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    const another = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": publishable.key }, body: { anonymousId: "daily-cap-visitor-0002" } });
    expect((await send(another.body.token)).status).toBe(200);
    expect((await walletState(business.id)).wallet).toBe(997);
  });

  it("a business that set its customers' daily messages to 0 has switched their chat off: 403, not a 429 to retry, and nothing is charged", async () => {
    const business = await createBusiness({ messageCost: 1, wallet: 1000, endUserDailyMessages: 0 });
    const { key } = await createApiKey({ businessId: business.id });
    const refused = await callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message: "hello", userIdentifier: "switched-off@example.com" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(refused.body).toMatchObject({ error: "forbidden", detail: "This business does not take messages from its customers' chats at the moment." });
    expect((await walletState(business.id)).wallet).toBe(1000);
  });

  it("each end user the business's server names is limited per minute too: the 11th message in a minute is 429, another end user goes on", async () => {
    const business = await createBusiness({ messageCost: 1, wallet: 1000, endUserDailyMessages: 1000 });
    const { key } = await createApiKey({ businessId: business.id });
    const send = (userIdentifier: string) => callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message: "hello", userIdentifier } });
    for (let i = 0; i < 10; i++) expect((await send("busy@example.com")).status).toBe(200);
    const limited = await send("busy@example.com");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await send("calm@example.com")).status).toBe(200);
  });

  it("an end user is never offered a purchase: no proposal, no buying hint; asked to buy, told where buying happens", async () => {
    const business = await createBusiness({ messageCost: 1, wallet: 100 });
    await createProduct({ businessId: business.id, status: "approved", name: "Standing Desk", description: "Desk.", price: "499.00" });
    const { key } = await createApiKey({ businessId: business.id });
    for (const message of ["standing desk", "buy 1 standing desk"]) {
      const answer = await callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message, userIdentifier: "shopper@example.com" } });
      expect(answer.status, message).toBe(200);
      expect(answer.body.proposal, message).toBeUndefined();
      expect(answer.body.response, message).toContain("Standing Desk");
      expect(answer.body.response, message).not.toMatch(/buy 1|purchase proposal|Confirm purchase/i);
    }
    // Asked to buy, the visitor is told where buying happens rather than given a list alone.
    const asked = await callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message: "buy 1 standing desk", userIdentifier: "shopper@example.com" } });
    expect(asked.body.response).toContain("I can't place orders in this chat: open a product's page on the shop to buy it.");
  });

  it("an empty wallet is 402 for end users and charges nothing", async () => {
    const business = await createBusiness({ messageCost: 100, wallet: 50 });
    const { key } = await createApiKey({ businessId: business.id });
    const refused = await callRoute(chatRoute.POST, { headers: { "x-api-key": key }, body: { message: "hello", userIdentifier: "poor@example.com" } });
    expect(refused.status).toBe(402);
    // Said to the business's server, which can do something about it: the wallet, what a message costs.
    expect(refused.body.detail).toBe("The business's wallet has too few credits for this message (one costs 100); an admin can top it up.");
    expect((await walletState(business.id)).wallet).toBe(50);
  });
});
