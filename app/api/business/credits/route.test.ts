import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { applyCreditChange } from "@/lib/credits/ledger";
import { auditLog, creditTransactions, users } from "@/db/schema";
import { createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { withOperatorSettings } from "@/test/operator-env";
import { GET, POST } from "./route";

type Team = Awaited<ReturnType<typeof createTeam>>;

async function balanceAndLedgerSum(userId: string) {
  const [user] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, userId));
  const [ledger] = await getDb()
    .select({ sum: sql<string>`coalesce(sum(${creditTransactions.amount}), 0)::int` })
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId));
  return { balance: user!.credits, sum: Number(ledger!.sum) };
}

const grantsOf = (userId: string) =>
  getDb()
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.userId, userId), eq(creditTransactions.kind, "grant")));

const grantAuditOf = (userId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "credits.grant"), eq(auditLog.entityId, userId)));

describe("credit grants", () => {
  let team: Team;
  let other: Team;
  let adminToken: string;

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
    adminToken = await tokenFor(team.admin);
  });

  it("grants and claws back through the ledger; the balance always equals the ledger's sum", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 1000 });
    const granted = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: 500, reason: "Loyalty bonus" } });
    expect(granted.status).toBe(201);
    expect(granted.body).toEqual({
      balance: 1500,
      transaction: {
        id: expect.any(String),
        userId: viewer.id,
        endUserId: null,
        kind: "grant",
        amount: 500,
        balanceAfter: 1500,
        reason: "Loyalty bonus",
        messageId: null,
        createdBy: team.admin.id,
        createdByName: team.admin.name,
        createdAt: expect.any(String),
      },
    });
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 1500, sum: 1500 });

    const clawed = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: -1200, reason: "Granted by mistake" } });
    expect(clawed.status).toBe(201);
    expect(clawed.body.balance).toBe(300);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 300, sum: 300 });

    const grants = await grantsOf(viewer.id);
    expect(grants.map((g) => [g.amount, g.balanceAfter, g.createdBy, g.reason, g.businessId])).toEqual(
      expect.arrayContaining([
        [500, 1500, team.admin.id, "Loyalty bonus", team.business.id],
        [-1200, 300, team.admin.id, "Granted by mistake", team.business.id],
      ]),
    );

    const audit = await grantAuditOf(viewer.id);
    expect(audit).toHaveLength(2);
    expect(audit.map((entry) => [entry.actorId, entry.entityType, entry.summary.amount, entry.summary.balanceAfter])).toEqual(
      expect.arrayContaining([
        [team.admin.id, "user", 500, 1500],
        [team.admin.id, "user", -1200, 300],
      ]),
    );
  });

  it("refuses a claw-back below zero with 409 and changes nothing", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 100 });
    const response = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: -101, reason: "Too much" } });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe("conflict");
    expect(response.body.detail).toMatch(/has 100/);
    expect(response.body.detail).toMatch(/below 0/);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 100, sum: 100 });
    expect(await grantsOf(viewer.id)).toHaveLength(0);
    expect(await grantAuditOf(viewer.id)).toHaveLength(0);

    // Taking exactly everything is allowed.
    const all = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: -100, reason: "Account closed" } });
    expect(all.status).toBe(201);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 0, sum: 0 });
  });

  it("never lets concurrent claw-backs overdraw", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 300 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: -100, reason: "Race" } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 0, sum: 0 });
  });

  it("answers 404 for another business's user or an unknown user, without touching them", async () => {
    for (const userId of [other.viewer.id, randomUUID()]) {
      const response = await callRoute(POST, { token: adminToken, body: { userId, amount: 50, reason: "Nope" } });
      expect(response.status).toBe(404);
      expect(response.body.error).toBe("not_found");
    }
    expect(await balanceAndLedgerSum(other.viewer.id)).toEqual({ balance: 4000, sum: 4000 });
    expect(await grantAuditOf(other.viewer.id)).toHaveLength(0);
  });

  it("is for admins only", async () => {
    for (const user of [team.editor, team.approver, team.viewer]) {
      const response = await callRoute(POST, {
        token: await tokenFor(user),
        body: { userId: user.id, amount: 1000, reason: "Myself" },
      });
      expect(response.status).toBe(403);
      const ledger = await callRoute(GET, { token: await tokenFor(user), path: `/api/business/credits?userId=${user.id}` });
      expect(ledger.status).toBe(403);
    }
    expect(await balanceAndLedgerSum(team.editor.id)).toEqual({ balance: 4000, sum: 4000 });
    expect((await callRoute(POST, { body: { userId: team.viewer.id, amount: 1, reason: "x" } })).status).toBe(401);
  });

  it("validates the grant", async () => {
    const cases: [unknown, string[]][] = [
      [{ userId: team.viewer.id, amount: 0, reason: "zero" }, ["amount"]],
      [{ userId: team.viewer.id, amount: 1.5, reason: "half" }, ["amount"]],
      [{ userId: team.viewer.id, amount: "10", reason: "text" }, ["amount"]],
      [{ userId: team.viewer.id, amount: 10_000_001, reason: "huge" }, ["amount"]],
      [{ userId: team.viewer.id, amount: 10 }, ["reason"]],
      [{ userId: team.viewer.id, amount: 10, reason: "   " }, ["reason"]],
      [{ userId: "not-a-uuid", amount: 10, reason: "x" }, ["userId"]],
      [{ userId: team.viewer.id, amount: 10, reason: "x", kind: "signup" }, ["_"]],
    ];
    for (const [body, fields] of cases) {
      const response = await callRoute(POST, { token: adminToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body.fields), JSON.stringify(body)).toEqual(fields);
    }
  });

  it("lists a user's ledger newest first, paginated, within the business", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 10 });
    for (const amount of [1, 2, 3, 4]) {
      const response = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount, reason: `grant ${amount}` } });
      expect(response.status).toBe(201);
    }
    const first = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${viewer.id}&pageSize=2` });
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(5);
    expect(first.body.previous).toBeNull();
    expect(first.body.results.map((r: { amount: number }) => r.amount)).toEqual([4, 3]);
    expect(first.body.results[0]).toMatchObject({ kind: "grant", balanceAfter: 20, createdBy: team.admin.id, createdByName: team.admin.name });
    const next = new URL(first.body.next);
    expect(next.searchParams.get("page")).toBe("2");
    expect(next.searchParams.get("userId")).toBe(viewer.id);

    const last = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${viewer.id}&pageSize=2&page=3` });
    expect(last.body.results.map((r: { kind: string; amount: number }) => [r.kind, r.amount])).toEqual([["signup", 10]]);
    expect(last.body.next).toBeNull();
    expect(new URL(last.body.previous).searchParams.get("page")).toBe("2");

    const theirs = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${other.viewer.id}` });
    expect(theirs.status).toBe(404);
    const invalid = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=nope&pageSize=0` });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.fields).sort()).toEqual(["pageSize", "userId"]);
  });

  it("bounds one grant or claw-back by MAX_CREDIT_GRANT and a balance by MAX_CREDIT_BALANCE: 400 on amount, nothing written", async () => {
    // Defaults: MAX_CREDIT_GRANT = MAX_CREDIT_BALANCE = 1,000,000.
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 997_000 });
    const refused: [number, RegExp][] = [
      [1_000_001, /at most 1,000,000/],
      [-1_000_001, /at most 1,000,000/],
      [3_001, /at most 1,000,000/],
    ];
    for (const [amount, message] of refused) {
      const response = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount, reason: "Too much" } });
      expect(response.status, String(amount)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(response.body.fields.amount.join(" ")).toMatch(message);
    }
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 997_000, sum: 997_000 });
    expect(await grantsOf(viewer.id)).toHaveLength(0);
    expect(await grantAuditOf(viewer.id)).toHaveLength(0);

    // Up to the cap exactly is allowed; two grants racing for the last room: one wins, one is refused.
    const racers = await Promise.all(
      [2_000, 2_000].map((amount) => callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount, reason: "Race" } })),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 400]);
    const last = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: 1_000, reason: "To the cap" } });
    expect(last.status).toBe(201);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 1_000_000, sum: 1_000_000 });
  });

  it("sends the operator's bounds with the ledger, so the grant form refuses what this route would", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 10 });
    const byDefault = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${viewer.id}` });
    expect(byDefault.body.limits).toEqual({ maxChange: 1_000_000, maxBalance: 1_000_000 });

    withOperatorSettings({ MAX_CREDIT_GRANT: "250000", MAX_CREDIT_BALANCE: "3000000" });
    const set = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${viewer.id}` });
    expect(set.body.limits).toEqual({ maxChange: 250_000, maxBalance: 3_000_000 });
    const over = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: 250_001, reason: "Past the bound" } });
    expect(over.status).toBe(400);
    expect(over.body.fields.amount.join(" ")).toMatch(/at most 250,000 credits/);
    const at = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: 250_000, reason: "At the bound" } });
    expect(at.status).toBe(201);
  });

  it("a balance above the ceiling (the operator lowered it) can still be taken from, in part; adding to it is refused", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 2_000_000 });
    const back = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: -100, reason: "Taken back" } });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(await balanceAndLedgerSum(viewer.id)).toEqual({ balance: 1_999_900, sum: 1_999_900 });
    const more = await callRoute(POST, { token: adminToken, body: { userId: viewer.id, amount: 1, reason: "More" } });
    expect(more.status).toBe(400);
    expect(more.body.fields.amount.join(" ")).toMatch(/at most 1,000,000/);
  });

  it("lists the ledger in write order, so each balance follows from the row below it even within one transaction", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 100 });
    const amounts = [5, -3, 7, -2, 11, -13, 17, -19, 23, -29];
    // One transaction: every row gets the same created_at (the transaction's start time).
    await transaction(async (tx) => {
      for (const amount of amounts) {
        await applyCreditChange(tx, { userId: viewer.id, businessId: team.business.id, amount, kind: "grant", reason: `change ${amount}` });
      }
    });
    const response = await callRoute(GET, { token: adminToken, path: `/api/business/credits?userId=${viewer.id}&pageSize=20` });
    expect(response.status).toBe(200);
    const rows = response.body.results as { amount: number; balanceAfter: number }[];
    expect(rows.map((row) => row.amount)).toEqual([...amounts].reverse().concat(100));
    for (const [index, row] of rows.slice(0, -1).entries()) {
      expect(row.balanceAfter - row.amount, `row ${index}`).toBe(rows[index + 1]!.balanceAfter);
    }
    expect(rows[0]!.balanceAfter).toBe(100 + amounts.reduce((sum, amount) => sum + amount, 0));
  });
});
