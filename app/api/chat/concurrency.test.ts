import { resetEnv } from "@/lib/env";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { getDb } from "@/db/client";
import { chatMessages, creditTransactions, users } from "@/db/schema";
import { createBusiness, createProduct, createUser, memberCaller } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { createSession } from "@/lib/chat/service";

delete process.env.OPENAI_API_KEY;
resetEnv();

describe("concurrent sends by one user", () => {
  let business: Awaited<ReturnType<typeof createBusiness>>;
  beforeAll(async () => {
    business = await createBusiness({ messageCost: 100, initialCredits: 4000 });
    await createProduct({ businessId: business.id, status: "approved", name: "Standing Desk", description: "Desk.", price: "499.00" });
  });

  it("60 sends with 4000 credits at 100 each → exactly 40 answered, 20 × 402, balance 0, ledger sums to the balance", async () => {
    const user = await createUser({ businessId: business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(user);
    const session = await createSession(memberCaller(user), { title: "Rush" });

    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callRoute(chatPost, { token, body: { message: `standing desk ${i}`, sessionId: session.id } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.filter((s) => s === 402)).toHaveLength(20);
    for (const refused of results.filter((r) => r.status === 402)) expect(refused.body.error).toBe("insufficient_credits");

    const db = getDb();
    const [row] = await db.select({ credits: users.credits }).from(users).where(eq(users.id, user.id));
    expect(row!.credits).toBe(0);
    const [ledger] = await db
      .select({ sum: sql<string>`coalesce(sum(${creditTransactions.amount}), 0)`, charges: sql<string>`count(*) filter (where ${creditTransactions.kind} = 'message')` })
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, user.id));
    expect(Number(ledger!.sum)).toBe(0);
    expect(Number(ledger!.charges)).toBe(40);

    // Exactly one user row and one assistant row per answered turn; nothing for the refused ones.
    const messages = await db.select().from(chatMessages).where(eq(chatMessages.sessionId, session.id));
    expect(messages.filter((m) => m.role === "user")).toHaveLength(40);
    expect(messages.filter((m) => m.role === "assistant" && m.status === "complete")).toHaveLength(40);
  });
});
