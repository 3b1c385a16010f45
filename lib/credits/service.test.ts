import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { creditTransactions, users } from "@/db/schema";
import { actorOf, createBusiness, createTeam, createUser } from "@/test/factories";
import { applyCreditChange } from "./ledger";
import { getBalance, grantCredits, refundCredits, reserveCredits } from "./service";

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
