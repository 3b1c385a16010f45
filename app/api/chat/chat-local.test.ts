import { resetEnv } from "@/lib/env";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { GET as balanceGet } from "@/app/api/chat/balance/route";
import { POST as purchasesPost } from "@/app/api/purchases/route";
import { DELETE as historyDelete, GET as historyGet } from "@/app/api/chat/history/route";
import { DELETE as sessionDelete, GET as sessionGet, PATCH as sessionPatch } from "@/app/api/chat/sessions/[id]/route";
import { GET as sessionsGet, POST as sessionsPost } from "@/app/api/chat/sessions/route";
import { getDb } from "@/db/client";
import { chatMessages, creditTransactions, purchases, users } from "@/db/schema";
import { createBusiness, createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { parseSse } from "@/test/chat-stream";

// No OPENAI_API_KEY in this file: the built-in local provider answers.
delete process.env.OPENAI_API_KEY;
resetEnv();

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let desk: { id: string; name: string; price: string };

async function ledger(userId: string) {
  return getDb().select().from(creditTransactions).where(eq(creditTransactions.userId, userId)).orderBy(creditTransactions.createdAt);
}

async function balanceOf(userId: string) {
  const [row] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, userId));
  return row!.credits;
}

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  desk = await createProduct({
    businessId: team.business.id,
    status: "approved",
    name: "Standing Desk",
    description: "Electric height-adjustable desk with memory presets.",
    price: "499.00",
    category: "Furniture",
    createdBy: team.editor.id,
  });
  await createProduct({
    businessId: team.business.id,
    status: "draft",
    name: "Standing Desk Pro Prototype",
    description: "Unreleased standing desk.",
    price: "1299.00",
    category: "Furniture",
  });
  await createProduct({
    businessId: team.business.id,
    status: "pending_approval",
    name: "Standing Desk Mini",
    description: "A pending standing desk.",
    price: "199.00",
  });
  await createProduct({
    businessId: other.business.id,
    status: "approved",
    name: "Rival Standing Desk",
    description: "Another business's standing desk.",
    price: "350.00",
  });
  await createProduct({ businessId: team.business.id, status: "approved", name: "Ergonomic Chair", description: "Mesh chair.", price: "249.50" });
});

describe("POST /api/chat with the local provider", () => {
  it("answers from the business's approved products only, charges 100 credits, and stores both rows", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    const res = await callRoute(chatPost, { token, body: { message: "do you have a standing desk?" } });

    expect(res.status).toBe(200);
    expect(res.body.response).toContain("Standing Desk");
    expect(res.body.response).toContain("499.00");
    expect(res.body.response).not.toContain("Prototype");
    expect(res.body.response).not.toContain("1299.00");
    expect(res.body.response).not.toContain("1,299.00");
    expect(res.body.response).not.toContain("Mini");
    expect(res.body.response).not.toContain("Rival");
    expect(res.body.credits).toBe(3900);
    expect(res.body.costCents).toBe("0.0000");
    expect(res.body.usage.promptTokens).toBeGreaterThan(0);
    expect(res.body.usage.completionTokens).toBeGreaterThan(0);
    expect(res.body.usage.totalTokens).toBe(res.body.usage.promptTokens + res.body.usage.completionTokens);
    expect(res.body.message).toMatchObject({ role: "assistant", status: "complete", model: "local", provider: "local" });
    expect(res.body.message.productCards).toEqual([{ id: desk.id, name: "Standing Desk", price: "499.00", category: "Furniture", stock: null }]);
    expect(await balanceOf(viewer.id)).toBe(3900);

    const history = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${res.body.sessionId}` });
    expect(history.status).toBe(200);
    expect(history.body.count).toBe(2);
    const [user, assistant] = history.body.results;
    expect(user).toMatchObject({ role: "user", content: "do you have a standing desk?", status: "complete", userRoleAtTime: "viewer" });
    expect(assistant).toMatchObject({
      role: "assistant",
      status: "complete",
      model: "local",
      provider: "local",
      costCents: "0.0000",
      promptTokens: res.body.usage.promptTokens,
      completionTokens: res.body.usage.completionTokens,
      tokensUsed: res.body.usage.totalTokens,
    });
    expect(assistant.content).toBe(res.body.response);

    const rows = await ledger(viewer.id);
    expect(rows.map((r) => [r.kind, r.amount])).toEqual([
      ["signup", 4000],
      ["message", -100],
    ]);
  });

  it("says plainly when nothing matches", async () => {
    const token = await tokenFor(team.viewer);
    const res = await callRoute(chatPost, { token, body: { message: "Do you sell submarines?" } });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatch(/couldn't find anything matching/i);
    expect(res.body.message.productCards).toBeNull();
  });

  it("streams meta, deltas, products and done with the new balance, in that order", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const res = await callRoute(chatPost, {
      token: await tokenFor(viewer),
      headers: { accept: "text/event-stream" },
      body: { message: "standing desk" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(res.text);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("meta");
    expect(names.at(-1)).toBe("done");
    expect(names.filter((n) => n === "delta").length).toBeGreaterThan(3);
    expect(names).toContain("products");
    expect(names.indexOf("products")).toBeLessThan(names.indexOf("delta"));
    const meta = events[0]!.data;
    const done = events.at(-1)!.data;
    expect(done.credits).toBe(3900);
    expect(done.costCents).toBe("0.0000");
    expect(done.usage.totalTokens).toBeGreaterThan(0);
    const text = events.filter((e) => e.event === "delta").map((e) => e.data.text).join("");
    expect(text).toContain("**Standing Desk** — $499.00");

    const [stored] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, meta.assistantMessageId));
    expect(stored).toMatchObject({ content: text, status: "complete", sessionId: meta.sessionId });
    const [userRow] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, meta.userMessageId));
    expect(userRow).toMatchObject({ role: "user", content: "standing desk" });
  });

  it("turns “buy 2 <product>” into a proposal and buys nothing", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    const res = await callRoute(chatPost, { token, body: { message: "buy 2 Standing Desk" } });
    expect(res.status).toBe(200);
    expect(res.body.proposal).toEqual({ productId: desk.id, productName: "Standing Desk", quantity: 2, unitPrice: "499.00" });
    expect(res.body.message.proposal).toEqual(res.body.proposal);
    expect(res.body.response).toContain("998.00");
    expect(await getDb().select().from(purchases).where(eq(purchases.userId, viewer.id))).toHaveLength(0);

    const streamed = await callRoute(chatPost, {
      token,
      headers: { accept: "text/event-stream" },
      body: { message: "please buy 3 ergonomic chairs", sessionId: res.body.sessionId },
    });
    const proposal = parseSse(streamed.text).find((e) => e.event === "proposal");
    expect(proposal?.data).toMatchObject({ productName: "Ergonomic Chair", quantity: 3, unitPrice: "249.50" });
  });

  it("suggests buying a product that is in stock, not one that ran out; asked to buy that one, says it is out of stock", async () => {
    const shop = await createTeam();
    await createProduct({ businessId: shop.business.id, status: "approved", name: "Footrest", description: "Angled footrest.", price: "39.00", category: "Lounge", stock: 0 });
    await createProduct({ businessId: shop.business.id, status: "approved", name: "Floor Cushion", description: "Lounge floor cushion.", price: "49.00", category: "Lounge", stock: 3 });
    const token = await tokenFor(shop.viewer);

    // Cheapest first: the one that ran out heads the list.
    const listed = await callRoute(chatPost, { token, body: { message: "cheapest lounge" } });
    expect(listed.status).toBe(200);
    const response = listed.body.response as string;
    expect(response.indexOf("Footrest")).toBeGreaterThanOrEqual(0);
    expect(response.indexOf("Footrest")).toBeLessThan(response.indexOf("Floor Cushion"));
    expect(listed.body.response).toContain("Say “buy 1 Floor Cushion”");

    const refused = await callRoute(chatPost, { token, body: { message: "buy 1 Footrest", sessionId: listed.body.sessionId } });
    expect(refused.body.proposal).toBeUndefined();
    expect(refused.body.response).toContain("I can't propose buying 1 × **Footrest**: it is out of stock.");

    // Nothing in stock among the matches: no example to buy at all.
    const soldOut = await callRoute(chatPost, { token, body: { message: "footrest" } });
    expect(soldOut.body.response).toContain("Footrest");
    expect(soldOut.body.response).not.toContain("Say “buy");
  });

  it("confirming the proposal buys it with the session linked, and “what did I buy?” then lists it", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    const proposed = await callRoute(chatPost, { token, body: { message: "buy 2 standing desk" } });
    const { productId, quantity, unitPrice } = proposed.body.proposal;
    const bought = await callRoute(purchasesPost, {
      token,
      headers: { "idempotency-key": `confirm-${viewer.id}` },
      body: { productId, quantity, expectedUnitPrice: unitPrice, sessionId: proposed.body.sessionId },
    });
    expect(bought.status).toBe(201);
    const [row] = await getDb().select().from(purchases).where(eq(purchases.userId, viewer.id));
    expect(row).toMatchObject({ productId: desk.id, quantity: 2, total: "998.00", sessionId: proposed.body.sessionId });

    const asked = await callRoute(chatPost, { token, body: { message: "What did I buy?", sessionId: proposed.body.sessionId } });
    expect(asked.body.response).toContain("2 × **Standing Desk** — $998.00");
  });

  it("proposes only a product that matches what was asked: “buy 1 cheap plastic watch” asks instead of proposing the $4,999 gold watch", async () => {
    const shop = await createTeam();
    const gold = await createProduct({ businessId: shop.business.id, status: "approved", name: "Gold Watch", description: "18k gold.", price: "4999.00" });
    const token = await tokenFor(shop.viewer);

    const vague = await callRoute(chatPost, { token, body: { message: "buy 1 cheap plastic watch" } });
    expect(vague.status).toBe(200);
    expect(vague.body.proposal).toBeUndefined();
    expect(vague.body.message.proposal ?? null).toBeNull();
    expect(vague.body.response).toMatch(/not sure which product you mean/i);
    expect(vague.body.response).toContain("**Gold Watch** — $4,999.00");

    const meant = await callRoute(chatPost, { token, body: { message: "buy 1 gold watch", sessionId: vague.body.sessionId } });
    expect(meant.body.proposal).toEqual({ productId: gold.id, productName: "Gold Watch", quantity: 1, unitPrice: "4999.00" });
  });

  it("never proposes a draft or another business's product", async () => {
    const token = await tokenFor(team.viewer);
    const res = await callRoute(chatPost, { token, body: { message: "buy 1 Rival Standing Desk" } });
    expect(res.status).toBe(200);
    // The best approved match of this business is proposed, never the rival's.
    expect(res.body.proposal?.productId ?? desk.id).toBe(desk.id);
    const none = await callRoute(chatPost, { token, body: { message: "buy 1 Prototype" } });
    expect(none.body.proposal).toBeUndefined();
    expect(none.body.response).toMatch(/couldn't find a product/i);
  });

  it("answers “what did I buy?” from the caller's purchases", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    const empty = await callRoute(chatPost, { token, body: { message: "What did I buy?" } });
    expect(empty.body.response).toMatch(/haven't bought anything/i);

    await getDb().insert(purchases).values([
      { businessId: team.business.id, userId: viewer.id, productId: desk.id, productName: "Standing Desk", quantity: 2, unitPrice: "499.00", total: "998.00" },
      // Someone else's purchase must not show up.
      { businessId: team.business.id, userId: team.viewer.id, productId: desk.id, productName: "Secret Desk", quantity: 1, unitPrice: "1.00", total: "1.00" },
    ]);
    const res = await callRoute(chatPost, { token, body: { message: "what did I buy?", sessionId: empty.body.sessionId } });
    expect(res.body.response).toContain("2 × **Standing Desk** — $998.00");
    expect(res.body.response).not.toContain("Secret Desk");
  });
});

describe("validation", () => {
  it.each([
    ["empty", { message: "" }],
    ["blank", { message: "   \n\t " }],
    ["10,001 characters", { message: "a".repeat(10_001) }],
    ["non-string", { message: 42 }],
    ["missing", {}],
    ["bad session id", { message: "hi", sessionId: "nope" }],
  ])("%s → 400 and no charge", async (_name, body) => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const res = await callRoute(chatPost, { token: await tokenFor(viewer), body });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_request");
    expect(await balanceOf(viewer.id)).toBe(4000);
    expect(await ledger(viewer.id)).toHaveLength(1);
    expect(await getDb().select().from(chatMessages).where(eq(chatMessages.userId, viewer.id))).toHaveLength(0);
  });

  it("accepts exactly 10,000 characters after trimming", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const res = await callRoute(chatPost, { token: await tokenFor(viewer), body: { message: `  ${"b".repeat(10_000)}  ` } });
    expect(res.status).toBe(200);
    expect(res.body.credits).toBe(3900);
  });

  it("requires a signed-in user", async () => {
    const res = await callRoute(chatPost, { body: { message: "hi" } });
    expect(res.status).toBe(401);
    // Authentication comes first: an anonymous caller learns nothing from validation errors.
    expect((await callRoute(chatPost, { body: { message: "" } })).status).toBe(401);
  });

  it("402 insufficient_credits without calling the model or storing anything", async () => {
    const poor = await createUser({ businessId: team.business.id, role: "viewer", credits: 99 });
    const res = await callRoute(chatPost, { token: await tokenFor(poor), body: { message: "standing desk" } });
    expect(res.status).toBe(402);
    expect(res.body.error).toBe("insufficient_credits");
    expect(await balanceOf(poor.id)).toBe(99);
    expect(await getDb().select().from(chatMessages).where(eq(chatMessages.userId, poor.id))).toHaveLength(0);
    const streamed = await callRoute(chatPost, { token: await tokenFor(poor), headers: { accept: "text/event-stream" }, body: { message: "desk" } });
    expect(streamed.status).toBe(402);
    expect(streamed.headers.get("content-type")).toContain("application/json");
  });
});

describe("sessions and history", () => {
  it("isolates sessions: another user gets 404 to read, post and delete; an admin of the business can read", async () => {
    const owner = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const ownerToken = await tokenFor(owner);
    const sent = await callRoute(chatPost, { token: ownerToken, body: { message: "standing desk" } });
    const sessionId = sent.body.sessionId as string;

    const intruder = await createUser({ businessId: team.business.id, role: "editor", credits: 4000 });
    const intruderToken = await tokenFor(intruder);
    const foreignAdminToken = await tokenFor(other.admin);
    const [firstMessage] = await getDb().select({ id: chatMessages.id }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId)).limit(1);
    for (const token of [intruderToken, foreignAdminToken]) {
      // The page is read beside the access check: whichever way it is asked for, none of it comes back.
      for (const query of ["", `&before=${firstMessage!.id}`, "&page=1&pageSize=50"]) {
        const read = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}${query}` });
        expect(read.status).toBe(404);
        expect(JSON.stringify(read.body)).not.toContain("standing desk");
      }
      expect((await callRoute(sessionGet, { token, params: { id: sessionId } })).status).toBe(404);
      const post = await callRoute(chatPost, { token, body: { message: "hello", sessionId } });
      expect(post.status).toBe(404);
      expect((await callRoute(sessionDelete, { token, method: "DELETE", params: { id: sessionId } })).status).toBe(404);
      expect((await callRoute(sessionPatch, { token, method: "PATCH", body: { title: "x" }, params: { id: sessionId } })).status).toBe(404);
      expect((await callRoute(historyDelete, { token, method: "DELETE", path: `/api/chat/history?sessionId=${sessionId}` })).status).toBe(404);
    }
    // The refused post charged nothing.
    expect(await balanceOf(intruder.id)).toBe(4000);

    const adminToken = await tokenFor(team.admin);
    const asAdmin = await callRoute(historyGet, { token: adminToken, path: `/api/chat/history?sessionId=${sessionId}` });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.results.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect((await callRoute(sessionGet, { token: adminToken, params: { id: sessionId } })).body.messageCount).toBe(2);
    // Reading is all an admin may do with someone else's conversation.
    expect((await callRoute(sessionDelete, { token: adminToken, method: "DELETE", params: { id: sessionId } })).status).toBe(404);
    expect((await callRoute(sessionGet, { token: ownerToken, params: { id: sessionId } })).status).toBe(200);
  });

  it("creates, lists (newest activity first), renames, titles from the first message, and deletes with messages", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    const created = await callRoute(sessionsPost, { token, body: {} });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "New chat" });
    expect(created.body.id).toBeTruthy();
    const named = await callRoute(sessionsPost, { token, body: { title: "  Office setup  " } });
    expect(named.body.title).toBe("Office setup");
    expect((await callRoute(sessionsPost, { token, body: { title: "" } })).status).toBe(400);

    const first = await callRoute(chatPost, { token, body: { message: "Chairs for\nthe office", sessionId: created.body.id } });
    expect(first.status).toBe(200);
    const fresh = await callRoute(chatPost, { token, body: { message: "A brand new question about desks" } });

    const list = await callRoute(sessionsGet, { token, path: "/api/chat/sessions?pageSize=2" });
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(3);
    expect(list.body.results.map((s: { id: string }) => s.id)).toEqual([fresh.body.sessionId, created.body.id]);
    expect(list.body.results[0].title).toBe("A brand new question about desks");
    expect(list.body.results[1].title).toBe("Chairs for");
    expect(list.body.next).toContain("page=2");
    expect(list.body.previous).toBeNull();

    const renamed = await callRoute(sessionPatch, { token, method: "PATCH", body: { title: "Renamed" }, params: { id: created.body.id } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: "Renamed", messageCount: 2 });

    const deleted = await callRoute(sessionDelete, { token, method: "DELETE", params: { id: created.body.id } });
    expect(deleted.status).toBe(204);
    expect((await callRoute(sessionGet, { token, params: { id: created.body.id } })).status).toBe(404);
    const left = await getDb().select().from(chatMessages).where(eq(chatMessages.sessionId, created.body.id));
    expect(left).toHaveLength(0);
  });

  it("pages history by page (newest page first, oldest first within it) and by before= keyset; clears it", async () => {
    const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
    const token = await tokenFor(viewer);
    let sessionId: string | undefined;
    for (let i = 1; i <= 3; i++) {
      const res = await callRoute(chatPost, { token, body: { message: `question ${i} about chairs`, sessionId } });
      sessionId = res.body.sessionId;
    }
    const all = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&pageSize=100` });
    expect(all.body.count).toBe(6);
    const contents = all.body.results.map((m: { role: string; content: string }) => m.role);
    expect(contents).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    expect(all.body.results[4].content).toBe("question 3 about chairs");

    const page1 = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&pageSize=4` });
    expect(page1.body.results.map((m: { id: string }) => m.id)).toEqual(all.body.results.slice(2).map((m: { id: string }) => m.id));
    // `next` goes on by key from the oldest message shown, so what is written meanwhile shifts nothing.
    expect(new URL(page1.body.next).searchParams.get("before")).toBe(page1.body.results[0].id);
    expect(page1.body.next).not.toContain("page=");
    await callRoute(chatPost, { token, body: { message: "question 4 about chairs", sessionId } });
    const followed = await callRoute(historyGet, { token, path: new URL(page1.body.next).pathname + new URL(page1.body.next).search });
    expect(followed.body.results.map((m: { id: string }) => m.id)).toEqual(all.body.results.slice(0, 2).map((m: { id: string }) => m.id));
    expect(followed.body.next).toBeNull();
    // A numbered page asked for still answers by number.
    const page2 = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&pageSize=4&page=2` });
    expect(page2.body.results.map((m: { id: string }) => m.id)).toEqual(all.body.results.slice(0, 4).map((m: { id: string }) => m.id));
    expect(page2.body.next).toBeNull();

    const before = all.body.results[4].id;
    const keyset = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&before=${before}&pageSize=3` });
    expect(keyset.status).toBe(200);
    expect(keyset.body.results.map((m: { id: string }) => m.id)).toEqual(all.body.results.slice(1, 4).map((m: { id: string }) => m.id));
    expect(keyset.body.next).toContain(`before=${all.body.results[1].id}`);
    const rest = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&before=${all.body.results[1].id}&pageSize=3` });
    expect(rest.body.results).toHaveLength(1);
    expect(rest.body.next).toBeNull();

    const message = all.body.results[1];
    expect(Object.keys(message).sort()).toEqual(
      ["id", "sessionId", "role", "content", "status", "createdAt", "userRoleAtTime", "model", "provider", "promptTokens", "completionTokens", "tokensUsed", "costCents", "productCards", "proposal", "authorName", "feedback", "creditsCharged", "parentId", "versions"].sort(),
    );

    const cleared = await callRoute(historyDelete, { token, method: "DELETE", path: `/api/chat/history?sessionId=${sessionId}` });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ cleared: 8 });
    const after = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}` });
    expect(after.body.count).toBe(0);
    // Clearing the history keeps the credits ledger whole.
    expect((await ledger(viewer.id)).filter((r) => r.kind === "message")).toHaveLength(4);
  });

  it("GET /api/chat/balance returns the caller's credits and the business's message cost", async () => {
    const business = await createBusiness({ messageCost: 25 });
    const user = await createUser({ businessId: business.id, role: "viewer", credits: 300 });
    const token = await tokenFor(user);
    expect((await callRoute(balanceGet, { token })).body).toEqual({ credits: 300, messageCost: 25 });
    await callRoute(chatPost, { token, body: { message: "anything about lamps" } });
    expect((await callRoute(balanceGet, { token })).body).toEqual({ credits: 275, messageCost: 25 });
    expect((await callRoute(balanceGet, {})).status).toBe(401);
    const charged = await getDb()
      .select()
      .from(creditTransactions)
      .where(and(eq(creditTransactions.userId, user.id), eq(creditTransactions.kind, "message")));
    expect(charged.map((r) => r.amount)).toEqual([-25]);
  });
});
