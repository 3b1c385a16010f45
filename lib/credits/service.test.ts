import { and, asc, eq, isNull, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { businesses, creditTransactions, users } from "@/db/schema";
import { actorOf, createBusiness, createTeam, createUser } from "@/test/factories";
import { applyCreditChange } from "./ledger";
import { adjustWallet, getBalance, getWallet, grantCredits, openBusinessWallet, refundCredits, reserveCredits } from "./service";

async function snapshot(userId: string) {
  const db = getDb();
  const [row] = await db.select({ credits: users.credits }).from(users).where(eq(users.id, userId));
  const [sum] = await db
    .select({ sum: sql<string>`coalesce(sum(${creditTransactions.amount}), 0)` })
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId));
  return { credits: row!.credits, ledgerSum: Number(sum!.sum) };
}

describe("credits service", () => {
  it("reserve refuses to overdraw with 402 and leaves no ledger row", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id, credits: 150 });
    const charge = { userId: user.id, businessId: business.id, amount: 100 };
    await transaction((tx) => reserveCredits(tx, charge));
    await expect(transaction((tx) => reserveCredits(tx, charge))).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    expect(await snapshot(user.id)).toEqual({ credits: 50, ledgerSum: 50 });
  });

  it("keeps balance = sum of the ledger and never below 0 after any sequence of reserve, refund and grant", async () => {
    const team = await createTeam();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("reserve" as const), amount: fc.integer({ min: 0, max: 3000 }) }),
            fc.record({ op: fc.constant("refund" as const), amount: fc.integer({ min: 0, max: 500 }) }),
            fc.record({ op: fc.constant("grant" as const), amount: fc.integer({ min: -3000, max: 3000 }).filter((n) => n !== 0) }),
          ),
          { maxLength: 12 },
        ),
        async (ops) => {
          const user = await createUser({ businessId: team.business.id, credits: 1000 });
          let expected = 1000;
          for (const { op, amount } of ops) {
            const charge = { userId: user.id, businessId: team.business.id, amount };
            const attempt =
              op === "reserve"
                ? transaction((tx) => reserveCredits(tx, charge))
                : op === "refund"
                  ? transaction((tx) => refundCredits(tx, charge))
                  : grantCredits(actorOf(team.admin), { userId: user.id, amount, reason: "test" });
            const delta = op === "reserve" ? -amount : amount;
            if (expected + delta < 0) {
              // A message that does not fit is 402; an admin's claw-back past zero is a 409 conflict.
              await expect(attempt).rejects.toMatchObject({ code: op === "grant" ? "conflict" : "insufficient_credits" });
            } else {
              await attempt;
              expected += delta;
            }
          }
          const state = await snapshot(user.id);
          expect(state.credits).toBe(expected);
          expect(state.ledgerSum).toBe(state.credits);
          expect(state.credits).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 15 },
    );
  });

  // GET /api/chat/balance answers with this over HTTP (its test sits with the chat routes).
  it("getBalance reports credits and the business's message cost", async () => {
    const business = await createBusiness({ messageCost: 7 });
    const user = await createUser({ businessId: business.id, credits: 70 });
    expect(await getBalance(actorOf(user))).toEqual({ credits: 70, messageCost: 7 });
  });
});

describe("credit ledger limits", () => {
  it("refuses a change that would overflow the balance with 409 and writes nothing", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id, credits: 2_147_483_000 });
    await expect(
      transaction((tx) => applyCreditChange(tx, { userId: user.id, businessId: business.id, amount: 1000, kind: "grant" })),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await snapshot(user.id)).toEqual({ credits: 2_147_483_000, ledgerSum: 2_147_483_000 });
  });
});

/** The wallet's balance and the ledger replayed in write order: the sum, and the rows whose balanceAfter does not follow. */
async function walletSnapshot(businessId: string) {
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
    if (row.balanceAfter !== running || running < 0) breaks.push(index);
  }
  return { balance: business!.balance, ledgerSum: running, breaks };
}

describe("business wallet", () => {
  const wallet = (businessId: string, amount: number) => ({ userId: null, businessId, amount });

  it("keeps balance = sum of its ledger, each row following the one before, after any sequence of adjustments, charges and refunds", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("adjust" as const), amount: fc.integer({ min: -12_000, max: 12_000 }).filter((n) => n !== 0) }),
            fc.record({ op: fc.constant("reserve" as const), amount: fc.integer({ min: 0, max: 4_000 }) }),
            fc.record({ op: fc.constant("refund" as const), amount: fc.integer({ min: 0, max: 500 }) }),
          ),
          { maxLength: 12 },
        ),
        fc.array(fc.integer({ min: -3_000, max: 3_000 }).filter((n) => n !== 0), { maxLength: 8 }),
        async (ops, concurrent) => {
          const business = await createBusiness();
          const admin = await createUser({ businessId: business.id, role: "admin" });
          await transaction((tx) => openBusinessWallet(tx, { businessId: business.id }));
          let expected = 10_000;
          for (const { op, amount } of ops) {
            const attempt =
              op === "adjust"
                ? adjustWallet(actorOf(admin), { amount, reason: "test" })
                : transaction((tx) => (op === "reserve" ? reserveCredits : refundCredits)(tx, wallet(business.id, amount)));
            const delta = op === "reserve" ? -amount : amount;
            if (expected + delta < 0) {
              await expect(attempt).rejects.toMatchObject({ code: op === "adjust" ? "conflict" : "insufficient_credits" });
            } else {
              await attempt;
              expected += delta;
            }
          }
          expect(await walletSnapshot(business.id)).toEqual({ balance: expected, ledgerSum: expected, breaks: [] });

          // Racing adjustments: whichever subset fits is applied, and the ledger still adds up row by row.
          const settled = await Promise.allSettled(concurrent.map((amount) => adjustWallet(actorOf(admin), { amount, reason: "race" })));
          for (const outcome of settled) {
            if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "conflict" });
          }
          const applied = concurrent.filter((_, index) => settled[index]!.status === "fulfilled").reduce((sum, amount) => sum + amount, 0);
          const after = await walletSnapshot(business.id);
          expect(after).toEqual({ balance: expected + applied, ledgerSum: expected + applied, breaks: [] });
          const listed = await getWallet(actorOf(admin), { page: 1, pageSize: 1 });
          expect(listed.balance).toBe(after.balance);
          expect(listed.results[0]!.balanceAfter).toBe(after.balance);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("moves no member's balance and writes no member ledger row", async () => {
    const team = await createTeam();
    await transaction((tx) => openBusinessWallet(tx, { businessId: team.business.id }));
    await adjustWallet(actorOf(team.admin), { amount: -2_000, reason: "test" });
    await transaction((tx) => reserveCredits(tx, wallet(team.business.id, 300)));
    expect(await snapshot(team.admin.id)).toEqual({ credits: 4000, ledgerSum: 4000 });
    expect(await walletSnapshot(team.business.id)).toEqual({ balance: 7_700, ledgerSum: 7_700, breaks: [] });
  });

  it("is for admins only", async () => {
    const team = await createTeam();
    for (const user of [team.editor, team.approver, team.viewer]) {
      await expect(adjustWallet(actorOf(user), { amount: 1, reason: "x" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(getWallet(actorOf(user), { page: 1, pageSize: 20 })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await walletSnapshot(team.business.id)).toEqual({ balance: 0, ledgerSum: 0, breaks: [] });
  });
});
