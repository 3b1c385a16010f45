import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/passwords";
import { getDb } from "@/db/client";
import { businesses, creditTransactions, products, users } from "@/db/schema";
import { DEMO_PASSWORD, seedDemoData } from "./seed";

describe("demo data", () => {
  it("loads one business with every role, products in every status, and a consistent credit ledger — once", async () => {
    const db = getDb();
    expect(await seedDemoData()).toBe(true);
    expect(await seedDemoData()).toBe(false);

    const [business] = await db.select().from(businesses);
    const team = await db.select().from(users).where(eq(users.businessId, business!.id));
    expect(team.map((user) => user.role).sort()).toEqual(["admin", "approver", "editor", "viewer"]);
    expect(await verifyPassword(team[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);

    const byStatus = await db
      .select({ status: products.status, count: sql<number>`count(*)::int` })
      .from(products)
      .groupBy(products.status);
    const counts = Object.fromEntries(byStatus.map((row) => [row.status, row.count]));
    expect(counts).toMatchObject({ approved: expect.any(Number), pending_approval: expect.any(Number), draft: expect.any(Number), rejected: expect.any(Number) });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
    const [desk] = await db.select().from(products).where(eq(products.name, "Standing Desk"));
    expect(desk?.status).toBe("approved");

    for (const user of team) {
      const [ledger] = await db
        .select({ sum: sql<number>`coalesce(sum(${creditTransactions.amount}), 0)::int` })
        .from(creditTransactions)
        .where(eq(creditTransactions.userId, user.id));
      expect(ledger!.sum).toBe(user.credits);
    }
  });
});
