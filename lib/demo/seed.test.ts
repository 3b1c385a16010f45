import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/passwords";
import { resetEnv } from "@/lib/env";
import { getDb } from "@/db/client";
import { apiKeys, businesses, chatFiles, chatMessages, chatSessions, creditTransactions, invites, products, users } from "@/db/schema";
import { outboxEntries } from "@/lib/mail/outbox";
import { listFeedback, listUnanswered } from "@/lib/chat/feedback";
import { sendChatMessage } from "@/lib/chat/turn";
import { listChatSuggestions } from "@/lib/chat/suggestions";
import { memberCaller } from "@/test/factories";
import { describeInvite } from "@/lib/users/service";
import { DEMO_INVITEE, DEMO_PASSWORD, DEMO_SUPPLIER_FILE, seedDemoData } from "./seed";

describe("demo data", () => {
  it("loads one business with every role, products in every status, and a consistent credit ledger — once", async () => {
    const db = getDb();
    // Served somewhere other than `npm run dev`'s address: the demo widget key allows that too.
    process.env.APP_URL = "https://shop.example.test/app/";
    resetEnv();
    try {
      expect(await seedDemoData()).toBe(true);
    } finally {
      delete process.env.APP_URL;
      resetEnv();
    }
    expect(await seedDemoData()).toBe(false);
    const [widgetKey] = await db.select().from(apiKeys).where(eq(apiKeys.kind, "publishable"));
    expect(widgetKey?.allowedOrigins).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "https://shop.example.test"]);

    const [business] = await db.select().from(businesses);
    const team = await db.select().from(users).where(eq(users.businessId, business!.id));
    expect(team.map((user) => user.role).sort()).toEqual(["admin", "approver", "editor", "viewer"]);
    expect(await verifyPassword(team[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);

    // A teammate invited by email, not joined yet: the invite is pending and its mail (in the
    // development outbox, with no SMTP_URL) carries a working link.
    const [invite] = await db.select().from(invites).where(eq(invites.businessId, business!.id));
    expect(invite).toMatchObject({ email: DEMO_INVITEE, role: "editor", usedAt: null, revokedAt: null });
    const mail = outboxEntries().find((entry) => entry.to === DEMO_INVITEE);
    expect(mail?.subject).toBe("Join Demo Outfitters on Product Assistant");
    const link = new URL(/https?:\/\/\S+\/register#\S+/.exec(mail!.text)![0]);
    const code = new URLSearchParams(link.hash.slice(1)).get("invite")!;
    expect(await describeInvite({ inviteCode: code })).toEqual({ businessName: "Demo Outfitters", role: "editor", email: DEMO_INVITEE });

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

  it("holds a supplier's file in the admin's conversation, with the answer the built-in assistant gives today", async () => {
    const db = getDb();
    await seedDemoData();
    const [file] = await db.select().from(chatFiles).where(eq(chatFiles.name, DEMO_SUPPLIER_FILE.name));
    expect(file).toMatchObject({ rowCount: 10, summary: "supplier prices, 10 rows, 5 columns: sku, name, category, price, stock" });
    const [session] = await db.select().from(chatSessions).where(eq(chatSessions.id, file!.sessionId));
    const [admin] = await db.select().from(users).where(eq(users.id, session!.userId!));
    expect(admin!.role).toBe("admin");
    const [seeded] = await db.select().from(chatMessages).where(eq(chatMessages.content, DEMO_SUPPLIER_FILE.answer));
    expect(seeded?.sessionId).toBe(session!.id);

    const asked = await sendChatMessage(memberCaller(admin!), { sessionId: session!.id, message: DEMO_SUPPLIER_FILE.question });
    expect(asked.response).toBe(DEMO_SUPPLIER_FILE.answer);
    expect(asked.message?.productCards?.map((card) => card.name)).toEqual(DEMO_SUPPLIER_FILE.cards);
  });
});

describe("demo feedback", () => {
  it("shows an admin a 👎 with its reason and a question the catalog could not answer, asked twice; and the demo's couch answer is what the assistant says", async () => {
    const db = getDb();
    await seedDemoData();
    const [admin] = await db.select().from(users).where(eq(users.role, "admin"));
    const actor = { id: admin!.id, role: admin!.role, businessId: admin!.businessId };
    const down = await listFeedback(actor, { rating: "down", page: 1, pageSize: 10 });
    expect(down.results).toEqual([expect.objectContaining({ question: "Do you sell a couch for the lounge?", reason: "We need seating for the lounge; please stock a sofa." })]);
    const gaps = await listUnanswered(actor, { page: 1, pageSize: 10 });
    expect(gaps.results[0]).toMatchObject({ question: "do you sell a couch for the lounge?", count: 2 });

    // Every seeded conversation is one branch, so regenerating a seeded answer works like any other.
    const [viewer] = await db.select().from(users).where(eq(users.role, "viewer"));
    const asked = await sendChatMessage(memberCaller(viewer!), { message: "Do you sell a couch for the lounge?" });
    const [seeded] = await db.select().from(chatMessages).where(eq(chatMessages.noMatch, true)).limit(1);
    expect(asked.response).toBe(seeded!.content);
    expect(seeded!.parentId).not.toBeNull();
  });
});

describe("the demo assistant", () => {
  it("answers the questions the README suggests", async () => {
    const db = getDb();
    await seedDemoData();
    const [viewer] = await db.select().from(users).where(eq(users.role, "viewer"));
    await db.update(users).set({ credits: 10_000 }).where(eq(users.id, viewer!.id));
    const caller = memberCaller(viewer!);
    const cards = async (message: string) => ((await sendChatMessage(caller, { message })).message?.productCards ?? []).map((card) => card.name);
    expect(await cards("keybord")).toEqual(["Mechanical Keyboard"]);
    expect(await cards("a workstation")).toEqual(expect.arrayContaining(["Standing Desk"]));
    expect(await cards("lighting under $100")).toContain("Desk Lamp");
    expect(await cards("compare the 27-inch monitor and the ultrawide")).toEqual(["27-inch 4K Monitor", "34-inch Ultrawide Monitor"]);
    expect(await cards("what goes with the standing desk?")).toEqual(expect.arrayContaining(["Ergonomic Office Chair", "Desk Lamp", "Monitor Arm"]));

    // Every prompt the chat offers to start with finds products: none leads to "nothing to suggest".
    const { suggestions } = await listChatSuggestions(viewer!);
    expect(suggestions.length).toBeGreaterThanOrEqual(4);
    for (const prompt of suggestions) {
      const answer = await sendChatMessage(caller, { message: prompt });
      expect(answer.message?.productCards?.length ?? 0, `${prompt}: ${answer.response}`).toBeGreaterThan(0);
    }
  });
});
