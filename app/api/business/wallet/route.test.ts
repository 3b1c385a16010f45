import { and, asc, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { auditLog, businesses, creditTransactions, endUsers, users } from "@/db/schema";
import { openBusinessWallet, reserveCredits } from "@/lib/credits/service";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { POST as register } from "@/app/api/auth/register/route";
import { GET as memberLedger } from "@/app/api/business/credits/route";
import { createTeam, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { withOperatorSettings } from "@/test/operator-env";
import { DELETE, GET, POST } from "./route";

type Team = Awaited<ReturnType<typeof createTeam>>;

/** The wallet's balance, the sum of its ledger, and whether each row's balanceAfter follows from the one before it. */
async function walletState(businessId: string) {
  const db = getDb();
  const [business] = await db.select({ balance: businesses.walletCredits }).from(businesses).where(eq(businesses.id, businessId));
  const rows = await db
    .select({ amount: creditTransactions.amount, balanceAfter: creditTransactions.balanceAfter })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.businessId, businessId), isNull(creditTransactions.userId)))
    .orderBy(asc(creditTransactions.seq));
  let running = 0;
  const breaks: number[] = [];
  for (const [index, row] of rows.entries()) {
    running += row.amount;
    if (row.balanceAfter !== running) breaks.push(index);
  }
  return { balance: business!.balance, sum: running, rows: rows.length, breaks };
}

const walletAudit = (businessId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "wallet.adjust"), eq(auditLog.entityId, businessId)))
    .orderBy(asc(auditLog.createdAt));

async function openWallet(businessId: string) {
  await transaction((tx) => openBusinessWallet(tx, { businessId }));
}

describe("the business wallet", () => {
  let team: Team;
  let other: Team;
  let adminToken: string;

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
    await Promise.all([openWallet(team.business.id), openWallet(other.business.id)]);
    adminToken = await tokenFor(team.admin);
  });

  it("opens a registered business's wallet with WALLET_INITIAL_CREDITS on its ledger", async () => {
    const registered = await callRoute(register, {
      method: "POST",
      body: { email: uniqueEmail("owner"), password: "a perfectly fine passphrase", name: "Wanda Wallet", businessName: "Wallet Works" },
      headers: { [SOCKET_ADDRESS_HEADER]: socketAddressStamp("10.77.0.1") },
    });
    expect(registered.status).toBe(201);
    const wallet = await callRoute(GET, { token: registered.body.access, path: "/api/business/wallet" });
    expect(wallet.status).toBe(200);
    expect(wallet.body).toEqual({
      balance: 10_000,
      count: 1,
      next: null,
      previous: null,
      results: [
        {
          id: expect.any(String),
          userId: null,
          endUserId: null,
          kind: "signup",
          amount: 10_000,
          balanceAfter: 10_000,
          reason: "Opening balance of the business wallet",
          messageId: null,
          createdBy: null,
          createdByName: null,
          createdAt: expect.any(String),
        },
      ],
      limits: { maxChange: 1_000_000, maxBalance: 1_000_000 },
    });
  });

  it("tops up and claws back through the ledger, audited; the balance always equals the ledger's sum", async () => {
    const before = await walletState(team.business.id);
    expect(before).toEqual({ balance: 10_000, sum: 10_000, rows: 1, breaks: [] });

    const topUp = await callRoute(POST, { token: adminToken, body: { amount: 2_500, reason: "Holiday traffic" } });
    expect(topUp.status).toBe(200);
    expect(topUp.body).toEqual({
      balance: 12_500,
      transaction: {
        id: expect.any(String),
        userId: null,
        endUserId: null,
        kind: "grant",
        amount: 2_500,
        balanceAfter: 12_500,
        reason: "Holiday traffic",
        messageId: null,
        createdBy: team.admin.id,
        createdByName: team.admin.name,
        createdAt: expect.any(String),
      },
    });

    const clawBack = await callRoute(POST, { token: adminToken, body: { amount: -4_000, reason: "  Over-provisioned  " } });
    expect(clawBack.status).toBe(200);
    expect(clawBack.body.balance).toBe(8_500);
    expect(clawBack.body.transaction).toMatchObject({ amount: -4_000, balanceAfter: 8_500, reason: "Over-provisioned" });
    expect(await walletState(team.business.id)).toEqual({ balance: 8_500, sum: 8_500, rows: 3, breaks: [] });

    const audit = await walletAudit(team.business.id);
    expect(audit.map((entry) => [entry.actorId, entry.entityType, entry.businessId, entry.summary])).toEqual([
      [
        team.admin.id,
        "business",
        team.business.id,
        { amount: 2_500, reason: "Holiday traffic", balanceBefore: 10_000, balanceAfter: 12_500, transactionId: topUp.body.transaction.id },
      ],
      [
        team.admin.id,
        "business",
        team.business.id,
        { amount: -4_000, reason: "Over-provisioned", balanceBefore: 12_500, balanceAfter: 8_500, transactionId: clawBack.body.transaction.id },
      ],
    ]);

    // The wallet is not a member's balance: no member's credits or ledger moved.
    const members = await getDb().select({ credits: users.credits }).from(users).where(eq(users.businessId, team.business.id));
    expect(members.map((member) => member.credits)).toEqual([4000, 4000, 4000, 4000]);
    const adminLedger = await callRoute(memberLedger, { token: adminToken, path: `/api/business/credits?userId=${team.admin.id}` });
    expect(adminLedger.body.results.map((row: { kind: string }) => row.kind)).toEqual(["signup"]);
    // Nor did the other business's wallet.
    expect(await walletState(other.business.id)).toEqual({ balance: 10_000, sum: 10_000, rows: 1, breaks: [] });

    // Reset to a known balance for the tests below.
    const reset = await callRoute(POST, { token: adminToken, body: { amount: 1_500, reason: "Back to ten thousand" } });
    expect(reset.body.balance).toBe(10_000);
  });

  it("never lets concurrent claw-backs overdraw: 20 × 600 from 10,000 → 16 succeed, 4 conflict, 400 left", async () => {
    const before = await walletState(team.business.id);
    expect(before.balance).toBe(10_000);
    const auditBefore = (await walletAudit(team.business.id)).length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        callRoute(POST, { token: adminToken, body: { amount: -600, reason: `Race ${index}` } }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(16);
    expect(statuses.filter((status) => status === 409)).toHaveLength(4);
    for (const refused of results.filter((result) => result.status === 409)) {
      expect(refused.body.error).toBe("conflict");
      expect(refused.body.detail).toMatch(/Cannot take 600 credits from the business wallet: it has 400, and it never goes below 0\./);
    }
    // Every success reported a distinct balance on the way down.
    const balances = results.filter((result) => result.status === 200).map((result) => result.body.balance as number);
    expect([...balances].sort((a, b) => b - a)).toEqual(Array.from({ length: 16 }, (_, index) => 10_000 - 600 * (index + 1)));
    expect(await walletState(team.business.id)).toEqual({ balance: 400, sum: 400, rows: before.rows + 16, breaks: [] });
    expect((await walletAudit(team.business.id)).length - auditBefore).toBe(16);
  });

  it("refuses to take the wallet below 0 with 409 and a clear detail, writing nothing; taking exactly everything is allowed", async () => {
    const { balance, rows } = await walletState(team.business.id);
    const auditBefore = (await walletAudit(team.business.id)).length;
    const response = await callRoute(POST, { token: adminToken, body: { amount: -(balance + 1), reason: "Too much" } });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      error: "conflict",
      detail: `Cannot take ${(balance + 1).toLocaleString("en-US")} credits from the business wallet: it has ${balance.toLocaleString("en-US")}, and it never goes below 0.`,
    });
    expect(await walletState(team.business.id)).toEqual({ balance, sum: balance, rows, breaks: [] });
    expect(await walletAudit(team.business.id)).toHaveLength(auditBefore);

    const all = await callRoute(POST, { token: adminToken, body: { amount: -balance, reason: "Empty it" } });
    expect(all.status).toBe(200);
    expect(await walletState(team.business.id)).toEqual({ balance: 0, sum: 0, rows: rows + 1, breaks: [] });
    const refill = await callRoute(POST, { token: adminToken, body: { amount: 10_000, reason: "Refill" } });
    expect(refill.body.balance).toBe(10_000);
  });

  it("bounds one change by MAX_CREDIT_GRANT and the wallet by MAX_CREDIT_BALANCE: 400 on amount, nothing written", async () => {
    // Defaults: MAX_CREDIT_GRANT = MAX_CREDIT_BALANCE = 1,000,000.
    const start = await walletState(other.business.id);
    const otherToken = await tokenFor(other.admin);
    const refused: [number, RegExp][] = [
      [1_000_001, /at most 1,000,000 credits/],
      [-1_000_001, /at most 1,000,000 credits/],
    ];
    for (const [amount, message] of refused) {
      const response = await callRoute(POST, { token: otherToken, body: { amount, reason: "Too much" } });
      expect(response.status, String(amount)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(response.body.fields.amount.join(" ")).toMatch(message);
    }
    expect(await walletState(other.business.id)).toEqual(start);

    const toNearCap = await callRoute(POST, { token: otherToken, body: { amount: 1_000_000 - start.balance - 1_500, reason: "Near the cap" } });
    expect(toNearCap.body.balance).toBe(998_500);
    const over = await callRoute(POST, { token: otherToken, body: { amount: 1_501, reason: "Past the cap" } });
    expect(over.status).toBe(400);
    expect(over.body.fields.amount.join(" ")).toBe("The business wallet has 998,500 credits; it may hold at most 1,000,000.");

    // Two top-ups racing for the last room: one wins, one is refused.
    const racers = await Promise.all(
      [1_000, 1_000].map((amount) => callRoute(POST, { token: otherToken, body: { amount, reason: "Race" } })),
    );
    expect(racers.map((racer) => racer.status).sort()).toEqual([200, 400]);
    const last = await callRoute(POST, { token: otherToken, body: { amount: 500, reason: "To the cap" } });
    expect(last.status).toBe(200);
    expect(await walletState(other.business.id)).toEqual({ balance: 1_000_000, sum: 1_000_000, rows: start.rows + 3, breaks: [] });
    expect(await walletAudit(other.business.id)).toHaveLength(3);
  });

  it("sends the operator's bounds with the wallet, so its form refuses what this route would", async () => {
    const byDefault = await callRoute(GET, { token: adminToken });
    expect(byDefault.body.limits).toEqual({ maxChange: 1_000_000, maxBalance: 1_000_000 });
    withOperatorSettings({ MAX_CREDIT_GRANT: "40000", MAX_CREDIT_BALANCE: "5000000" });
    const set = await callRoute(GET, { token: adminToken });
    expect(set.body.limits).toEqual({ maxChange: 40_000, maxBalance: 5_000_000 });
    const over = await callRoute(POST, { token: adminToken, body: { amount: -40_001, reason: "Past the bound" } });
    expect(over.status).toBe(400);
    expect(over.body.fields.amount.join(" ")).toMatch(/at most 40,000 credits/);
  });

  it("is for admins only, and each admin sees and moves only their own business's wallet", async () => {
    const mine = await walletState(team.business.id);
    const theirs = await walletState(other.business.id);
    for (const user of [team.editor, team.approver, team.viewer]) {
      const token = await tokenFor(user);
      const adjust = await callRoute(POST, { token, body: { amount: 1000, reason: "For me" } });
      expect(adjust.status).toBe(403);
      expect(adjust.body.error).toBe("forbidden");
      const read = await callRoute(GET, { token, path: "/api/business/wallet" });
      expect(read.status).toBe(403);
    }
    expect((await callRoute(POST, { body: { amount: 1, reason: "x" } })).status).toBe(401);
    expect((await callRoute(GET, { path: "/api/business/wallet" })).status).toBe(401);
    expect(await walletState(team.business.id)).toEqual(mine);

    const read = await callRoute(GET, { token: await tokenFor(other.admin), path: "/api/business/wallet?pageSize=100" });
    expect(read.body.balance).toBe(theirs.balance);
    expect(read.body.count).toBe(theirs.rows);
    expect(read.body.results.every((row: { createdBy: string | null }) => row.createdBy !== team.admin.id)).toBe(true);
    expect(await walletState(other.business.id)).toEqual(theirs);
  });

  it("validates the change and the page", async () => {
    const cases: [unknown, string[]][] = [
      [{ amount: 0, reason: "zero" }, ["amount"]],
      [{ amount: 1.5, reason: "half" }, ["amount"]],
      [{ amount: "10", reason: "text" }, ["amount"]],
      [{ amount: 10_000_001, reason: "huge" }, ["amount"]],
      [{ amount: 10 }, ["reason"]],
      [{ amount: 10, reason: "   " }, ["reason"]],
      [{ amount: 10, reason: "x".repeat(501) }, ["reason"]],
      [{ amount: 10, reason: "x", userId: team.viewer.id }, ["_"]],
      [{}, ["amount", "reason"]],
    ];
    const { balance } = await walletState(team.business.id);
    for (const [body, fields] of cases) {
      const response = await callRoute(POST, { token: adminToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body.fields).sort(), JSON.stringify(body)).toEqual(fields);
    }
    const longest = await callRoute(POST, { token: adminToken, body: { amount: 1, reason: "y".repeat(500) } });
    expect(longest.status).toBe(200);
    await callRoute(POST, { token: adminToken, body: { amount: -1, reason: "Undo" } });
    expect((await walletState(team.business.id)).balance).toBe(balance);

    const invalid = await callRoute(GET, { token: adminToken, path: "/api/business/wallet?page=0&pageSize=x" });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.fields).sort()).toEqual(["page", "pageSize"]);
  });

  it("lists the wallet's ledger newest write first, paginated, end users' charges included", async () => {
    const fresh = await createTeam();
    const token = await tokenFor(fresh.admin);
    await openWallet(fresh.business.id);
    const [visitor] = await getDb().insert(endUsers).values({ businessId: fresh.business.id, identifier: "shopper-1", verified: true }).returning();
    // One transaction: every row gets the same created_at, so only the write order can sort them.
    await transaction(async (tx) => {
      await reserveCredits(tx, { userId: null, businessId: fresh.business.id, endUserId: visitor!.id, amount: 100 });
      await reserveCredits(tx, { userId: null, businessId: fresh.business.id, endUserId: visitor!.id, amount: 100 });
    });
    for (const amount of [3, -2]) {
      expect((await callRoute(POST, { token, body: { amount, reason: `change ${amount}` } })).status).toBe(200);
    }

    const first = await callRoute(GET, { token, path: "/api/business/wallet?pageSize=2" });
    expect(first.status).toBe(200);
    expect(first.body.balance).toBe(9_801);
    expect(first.body.count).toBe(5);
    expect(first.body.previous).toBeNull();
    expect(first.body.results.map((row: { amount: number; balanceAfter: number }) => [row.amount, row.balanceAfter])).toEqual([
      [-2, 9_801],
      [3, 9_803],
    ]);
    expect(new URL(first.body.next).searchParams.get("page")).toBe("2");
    expect(new URL(first.body.next).searchParams.get("pageSize")).toBe("2");

    const second = await callRoute(GET, { token, path: first.body.next });
    expect(second.body.results).toEqual([
      expect.objectContaining({ kind: "message", amount: -100, balanceAfter: 9_800, userId: null, endUserId: visitor!.id, createdBy: null }),
      expect.objectContaining({ kind: "message", amount: -100, balanceAfter: 9_900, userId: null, endUserId: visitor!.id }),
    ]);
    const last = await callRoute(GET, { token, path: "/api/business/wallet?pageSize=2&page=3" });
    expect(last.body.results.map((row: { kind: string; amount: number }) => [row.kind, row.amount])).toEqual([["signup", 10_000]]);
    expect(last.body.next).toBeNull();
    expect(new URL(last.body.previous).searchParams.get("page")).toBe("2");
    expect(await walletState(fresh.business.id)).toEqual({ balance: 9_801, sum: 9_801, rows: 5, breaks: [] });
  });

  it("answers the methods it does not serve with 405 and says which it does", async () => {
    const response = await callRoute(DELETE, { token: adminToken, method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });
});
