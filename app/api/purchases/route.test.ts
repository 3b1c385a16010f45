import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, chatSessions, idempotencyKeys, products, purchases } from "@/db/schema";
import { actorOf, createBusiness, createProduct, createTeam, createUser, memberCaller } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { deleteSession } from "@/lib/chat/service";
import { approveProduct, updateProduct } from "@/lib/products/service";
import { GET as getOne } from "./[id]/route";
import { GET as list, POST as buy } from "./route";

type TestUser = Awaited<ReturnType<typeof createUser>>;

async function post(user: TestUser | null, body: unknown, headers: Record<string, string> = {}) {
  return callRoute(buy, {
    method: "POST",
    path: "/api/purchases",
    body,
    headers,
    token: user ? await tokenFor(user) : null,
  });
}

async function getList(user: TestUser, search = "") {
  return callRoute(list, { path: `/api/purchases${search}`, token: await tokenFor(user) });
}

async function getById(user: TestUser, id: string) {
  return callRoute(getOne, { path: `/api/purchases/${id}`, params: { id }, token: await tokenFor(user) });
}

async function purchaseRows(where: { userId?: string; productId?: string }) {
  const conditions = [
    where.userId ? eq(purchases.userId, where.userId) : undefined,
    where.productId ? eq(purchases.productId, where.productId) : undefined,
  ].filter(Boolean);
  return getDb()
    .select()
    .from(purchases)
    .where(and(...conditions));
}

async function stockOf(productId: string) {
  const [row] = await getDb().select({ stock: products.stock }).from(products).where(eq(products.id, productId));
  return row!.stock;
}

describe("POST /api/purchases", () => {
  it("buys an approved product: 201 with a price snapshot, stock taken and an audit entry in the same write", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({
      businessId: business.id,
      status: "approved",
      name: "Standing Desk",
      price: "1299.99",
      stock: 10,
    });

    const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 3 });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      productId: product.id,
      productName: "Standing Desk",
      quantity: 3,
      unitPrice: "1299.99",
      total: "3899.97",
      sessionId: null,
      userId: viewer.id,
      userName: viewer.name,
      createdAt: expect.any(String),
    });
    expect(response.headers.get("location")).toBe(`/api/purchases/${response.body.id}`);
    expect(await stockOf(product.id)).toBe(7);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "purchase.create", actorId: viewer.id, businessId: business.id });
  });

  it("keeps the old total after the product's price changes and it is approved again", async () => {
    const { business, viewer, editor, approver } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "19.95", createdBy: editor.id });
    const first = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 2 });
    expect(first.status).toBe(201);
    expect(first.body.total).toBe("39.90");

    await updateProduct(actorOf(editor), { productId: product.id, changes: { price: "25.00", sku: undefined, category: undefined, status: "pending_approval" } });
    // While the change waits for review the live version stays for sale at its price.
    const meanwhile = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
    expect(meanwhile.status).toBe(201);
    expect(meanwhile.body).toMatchObject({ unitPrice: "19.95", total: "19.95" });
    await approveProduct(actorOf(approver), { productId: product.id });

    const second = await post(viewer, { productId: product.id, expectedUnitPrice: "25.00", quantity: 2 });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ unitPrice: "25.00", total: "50.00" });

    const old = await getById(viewer, first.body.id);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ unitPrice: "19.95", total: "39.90", quantity: 2 });
  });

  it("answers 409 price_changed with the current price when the price shown is not the price now, and buys nothing", async () => {
    const { business, viewer, editor, approver } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "19.95", stock: 5, createdBy: editor.id });
    await updateProduct(actorOf(editor), { productId: product.id, changes: { price: "4999.00", sku: undefined, category: undefined, status: "pending_approval" } });
    await approveProduct(actorOf(approver), { productId: product.id });

    // The proposal the buyer saw said 19.95.
    const stale = await post(viewer, { productId: product.id, expectedUnitPrice: "19.95", quantity: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: "price_changed", productId: product.id, currentUnitPrice: "4999.00" });
    expect(stale.body.detail).toContain("$4,999.00");
    expect(await stockOf(product.id)).toBe(5);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(0);
    expect(await getDb().select().from(auditLog).where(and(eq(auditLog.actorId, viewer.id), eq(auditLog.action, "purchase.create")))).toHaveLength(0);

    // The same amount written differently is the same price.
    const same = await post(viewer, { productId: product.id, expectedUnitPrice: "4999", quantity: 1 });
    expect(same.status).toBe(201);
    expect(same.body.unitPrice).toBe("4999.00");
  });

  it("a price_changed answer releases the Idempotency-Key: the stale retry is refused again, the confirmed new price buys once", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "12.00", stock: 5 });
    const key = randomUUID();
    const stale = { productId: product.id, expectedUnitPrice: "10.00", quantity: 1 };
    expect((await post(viewer, stale, { "Idempotency-Key": key })).body.error).toBe("price_changed");
    // Not a stored answer replayed, and not a claim left behind: the refusal is computed again.
    const again = await post(viewer, stale, { "Idempotency-Key": key });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe("price_changed");
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(await getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toHaveLength(0);

    const confirmed = await post(viewer, { ...stale, expectedUnitPrice: "12.00" }, { "Idempotency-Key": key });
    expect(confirmed.status).toBe(201);
    const replay = await post(viewer, { ...stale, expectedUnitPrice: "12.00" }, { "Idempotency-Key": key });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(confirmed.body.id);
    expect(await stockOf(product.id)).toBe(4);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(1);
  });

  it.each([
    ["missing", undefined],
    ["a number", 19.95],
    ["not an amount", "abc"],
    ["three decimals", "19.955"],
    ["negative", "-1.00"],
  ])("rejects an expectedUnitPrice that is %s with 400 on that field", async (_label, expectedUnitPrice) => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 5 });
    const response = await post(viewer, { productId: product.id, expectedUnitPrice, quantity: 1 });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields)).toEqual(["expectedUnitPrice"]);
    expect(await stockOf(product.id)).toBe(5);
  });

  it("computes totals exactly in decimal, never in floating point", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "0.10" });
    const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 3 });
    expect(response.body.total).toBe("0.30");
    const pricey = await createProduct({ businessId: business.id, status: "approved", price: "9999999.99" });
    const big = await post(viewer, { productId: pricey.id, expectedUnitPrice: pricey.price, quantity: 100 });
    expect(big.status).toBe(201);
    expect(big.body.total).toBe("999999999.00");
  });

  it("answers 404 for products that are not approved or belong to another business, and buys nothing", async () => {
    const { business, viewer } = await createTeam();
    const other = await createBusiness();
    const pending = await createProduct({ businessId: business.id, status: "pending_approval" });
    const draft = await createProduct({ businessId: business.id, status: "draft" });
    const rejected = await createProduct({ businessId: business.id, status: "rejected" });
    const foreign = await createProduct({ businessId: other.id, status: "approved", stock: 3 });

    for (const product of [pending, draft, rejected, foreign]) {
      const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
      expect(response.status).toBe(404);
      expect(response.body.error).toBe("not_found");
    }
    expect((await post(viewer, { productId: randomUUID(), expectedUnitPrice: "10.00", quantity: 1 })).status).toBe(404);
    expect(await stockOf(foreign.id)).toBe(3);
    expect(await purchaseRows({ userId: viewer.id })).toHaveLength(0);
  });

  it.each([
    ["zero", 0],
    ["more than 100", 101],
    ["a fraction", 1.5],
    ["a string", "2"],
    ["missing", undefined],
    ["negative", -1],
  ])("rejects a quantity that is %s with 400 and field errors", async (_label, quantity) => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 5 });
    const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_request");
    expect(response.body.fields).toHaveProperty("quantity");
    expect(await stockOf(product.id)).toBe(5);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(0);
  });

  it("accepts the quantity bounds 1 and 100", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "1.00" });
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 })).status).toBe(201);
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 100 })).body.total).toBe("100.00");
  });

  it("rejects a malformed body or product id with 400 JSON", async () => {
    const { viewer } = await createTeam();
    const bad = await callRoute(buy, { method: "POST", rawBody: "{not json", token: await tokenFor(viewer), headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_request");
    const badId = await post(viewer, { productId: "42", quantity: 1 });
    expect(badId.status).toBe(400);
    expect(badId.body.fields).toHaveProperty("productId");
  });

  it("answers 401 to anonymous callers and to bad tokens", async () => {
    const { business } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const anonymous = await post(null, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe("unauthorized");
    const forged = await callRoute(buy, { method: "POST", body: { productId: product.id, expectedUnitPrice: product.price, quantity: 1 }, token: "not-a-jwt" });
    expect(forged.status).toBe(401);
    expect((await callRoute(list, {})).status).toBe(401);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(0);
  });

  it("links the caller's own chat session, and answers 404 for anyone else's", async () => {
    const { business, viewer, editor } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 4 });
    const [own, others] = await getDb()
      .insert(chatSessions)
      .values([
        { businessId: business.id, userId: viewer.id, title: "Desk shopping" },
        { businessId: business.id, userId: editor.id, title: "Not yours" },
      ])
      .returning();

    const linked = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1, sessionId: own!.id });
    expect(linked.status).toBe(201);
    expect(linked.body.sessionId).toBe(own!.id);

    const stolen = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1, sessionId: others!.id });
    expect(stolen.status).toBe(404);
    expect(await stockOf(product.id)).toBe(3);
  });

  it("a conversation deleted while a purchase from it waits for the product: the purchase goes through, then loses the link", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the delete cannot run while the purchase is open
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 5 });
    const [session] = await getDb().insert(chatSessions).values({ businessId: business.id, userId: viewer.id, title: "Desk shopping" }).returning();
    // Another buyer holds the product's row, so this purchase waits with the conversation already read.
    const otherBuyer = await heldTransaction(async (tx) => {
      await tx.execute(sql`update ${products} set stock = stock - 1 where id = ${product.id}`);
    });
    const buying = post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1, sessionId: session!.id });
    await someoneWaitsForALock();
    const deleting = deleteSession(memberCaller(viewer), { sessionId: session!.id });
    await someoneWaitsForALock(2);
    await otherBuyer.finish();

    const bought = await buying;
    expect(bought.status).toBe(201);
    await deleting;
    const [row] = await purchaseRows({ userId: viewer.id });
    expect(row).toMatchObject({ id: bought.body.id, sessionId: null });
    expect(await stockOf(product.id)).toBe(3);
  });

  it("answers 409 out_of_stock when the stock cannot cover the quantity, and leaves it untouched", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 2 });
    const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 3 });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe("out_of_stock");
    expect(await stockOf(product.id)).toBe(2);
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 2 })).status).toBe(201);
    expect(await stockOf(product.id)).toBe(0);
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 })).body.error).toBe("out_of_stock");
  });

  it("leaves unlimited stock (null) unlimited", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: null });
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 100 })).status).toBe(201);
    expect(await stockOf(product.id)).toBeNull();
  });

  it("stock 5 and 20 concurrent buyers: exactly 5 × 201, 15 × 409 out_of_stock, stock ends at 0", async () => {
    const { business } = await createTeam();
    const buyers = await Promise.all(Array.from({ length: 20 }, () => createUser({ businessId: business.id })));
    const tokens = await Promise.all(buyers.map((user) => tokenFor(user)));
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 5 });

    const responses = await Promise.all(
      tokens.map((token) =>
        callRoute(buy, { method: "POST", body: { productId: product.id, expectedUnitPrice: product.price, quantity: 1 }, token }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(15);
    expect(responses.filter((response) => response.status === 409).every((r) => r.body.error === "out_of_stock")).toBe(true);
    expect(await stockOf(product.id)).toBe(0);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(5);
  });
});

describe("Idempotency-Key", () => {
  it("20 concurrent buys with one key make one purchase; the others get it back (200) or 409; a later retry returns it", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 50, price: "12.50" });
    const token = await tokenFor(viewer);
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 2 };

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        callRoute(buy, { method: "POST", body, token, headers: { "Idempotency-Key": key } }),
      ),
    );

    const created = responses.filter((response) => response.status === 201);
    expect(created).toHaveLength(1);
    const purchaseId = created[0]!.body.id;
    for (const response of responses) {
      expect([200, 201, 409]).toContain(response.status);
      if (response.status === 200) {
        expect(response.body.id).toBe(purchaseId);
        expect(response.headers.get("idempotent-replayed")).toBe("true");
      }
      if (response.status === 409) expect(response.body.error).toBe("conflict");
    }
    expect(await purchaseRows({ productId: product.id })).toHaveLength(1);
    expect(await stockOf(product.id)).toBe(48);

    const retry = await callRoute(buy, { method: "POST", body, token, headers: { "Idempotency-Key": key } });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(created[0]!.body);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(1);

    const [stored] = await getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(stored).toMatchObject({ state: "completed", responseStatus: 201, purchaseId, scope: "purchase", userId: viewer.id });
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
  });

  it("the same key with a different body → 422 idempotency_mismatch, nothing bought", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 10 });
    const key = randomUUID();
    expect((await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 }, { "Idempotency-Key": key })).status).toBe(201);

    const changed = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 2 }, { "Idempotency-Key": key });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toBe("idempotency_mismatch");
    expect(await stockOf(product.id)).toBe(9);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(1);
  });

  it("the same price spelled another way is the same request: the retry gets the purchase back", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 10, price: "19.90" });
    const key = randomUUID();
    const first = await post(viewer, { productId: product.id, expectedUnitPrice: "19.90", quantity: 1 }, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const retry = await post(viewer, { productId: product.id, expectedUnitPrice: " 19.9 ", quantity: 1 }, { "Idempotency-Key": key });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(await stockOf(product.id)).toBe(9);
  });

  it("keys are per user: another user with the same key gets their own purchase", async () => {
    const { business, viewer, editor } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 1 };
    const mine = await post(viewer, body, { "Idempotency-Key": key });
    const theirs = await post(editor, body, { "Idempotency-Key": key });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.userId).toBe(editor.id);
  });

  it("a failed attempt does not burn the key: after out_of_stock the same key can buy once stock returns", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 0 });
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 1 };
    expect((await post(viewer, body, { "Idempotency-Key": key })).body.error).toBe("out_of_stock");
    await getDb().update(products).set({ stock: 1 }).where(eq(products.id, product.id));
    expect((await post(viewer, body, { "Idempotency-Key": key })).status).toBe(201);
    expect((await post(viewer, body, { "Idempotency-Key": key })).status).toBe(200);
    expect(await purchaseRows({ productId: product.id })).toHaveLength(1);
  });

  it("an expired key is forgotten and buys again", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 1 };
    const first = await post(viewer, body, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const expired = await getDb()
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(idempotencyKeys.key, key))
      .returning({ id: idempotencyKeys.id });
    expect(expired).toHaveLength(1);
    const again = await post(viewer, body, { "Idempotency-Key": key });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
  });

  it("a claim left in progress by a crashed request is taken over after a while, never bought twice", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 3 });
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 1 };
    const first = await post(viewer, body, { "Idempotency-Key": key });
    // Simulate a holder that died after claiming: a fresh in-progress claim with the same body.
    const [claim] = await getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    const crashedKey = randomUUID();
    await getDb().insert(idempotencyKeys).values({
      businessId: business.id,
      userId: viewer.id,
      scope: "purchase",
      key: crashedKey,
      requestHash: claim!.requestHash,
      state: "in_progress",
      createdAt: new Date(Date.now() - 10 * 60 * 1000),
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    });
    const recovered = await post(viewer, body, { "Idempotency-Key": crashedKey });
    expect(recovered.status).toBe(201);
    expect(recovered.body.id).not.toBe(first.body.id);
    expect((await post(viewer, body, { "Idempotency-Key": crashedKey })).body.id).toBe(recovered.body.id);
    expect(await stockOf(product.id)).toBe(1);
  });

  it("a fresh in-progress claim makes a retry answer 409 conflict instead of buying", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", stock: 3 });
    const key = randomUUID();
    const body = { productId: product.id, expectedUnitPrice: product.price, quantity: 1 };
    const probe = await post(viewer, body, { "Idempotency-Key": randomUUID() });
    const [reference] = await getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.purchaseId, probe.body.id));
    await getDb().insert(idempotencyKeys).values({
      businessId: business.id,
      userId: viewer.id,
      scope: "purchase",
      key,
      requestHash: reference!.requestHash,
      state: "in_progress",
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    });
    const retry = await post(viewer, body, { "Idempotency-Key": key });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toBe("conflict");
    expect(await stockOf(product.id)).toBe(2);
  });

  it("rejects an unusable key with 400", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const response = await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 }, { "Idempotency-Key": "x".repeat(256) });
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty("Idempotency-Key");
  });
});

describe("GET /api/purchases and /api/purchases/:id", () => {
  async function scenario() {
    const team = await createTeam();
    const otherViewer = await createUser({ businessId: team.business.id, role: "viewer", name: "Other Viewer" });
    const product = await createProduct({ businessId: team.business.id, status: "approved", price: "10.00" });
    const mine = (await post(team.viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 })).body;
    const mine2 = (await post(team.viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 2 })).body;
    const theirs = (await post(otherViewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 3 })).body;
    const outsider = await createTeam();
    const outsiderProduct = await createProduct({ businessId: outsider.business.id, status: "approved" });
    const foreign = (await post(outsider.viewer, { productId: outsiderProduct.id, expectedUnitPrice: outsiderProduct.price, quantity: 1 })).body;
    return { ...team, otherViewer, product, mine, mine2, theirs, outsider, foreign };
  }

  it("a user lists only their own purchases, newest first, and gets 404 for anyone else's", async () => {
    const s = await scenario();
    const response = await getList(s.viewer);
    expect(response.status).toBe(200);
    expect(response.body.count).toBe(2);
    expect(response.body.results.map((p: { id: string }) => p.id)).toEqual([s.mine2.id, s.mine.id]);
    expect(response.body).not.toHaveProperty("totals");

    expect((await getById(s.viewer, s.mine.id)).status).toBe(200);
    const notYours = await getById(s.viewer, s.theirs.id);
    expect(notYours.status).toBe(404);
    expect(notYours.body.error).toBe("not_found");
    expect((await getById(s.viewer, s.foreign.id)).status).toBe(404);
    expect((await getById(s.viewer, "not-a-uuid")).status).toBe(404);

    const snooping = await getList(s.viewer, `?userId=${s.otherViewer.id}`);
    expect(snooping.status).toBe(403);
  });

  it("an admin sees all of the business with totals and buyers, and filters by user", async () => {
    const s = await scenario();
    const all = await getList(s.admin);
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(3);
    expect(all.body.results.map((p: { id: string }) => p.id).sort()).toEqual([s.mine.id, s.mine2.id, s.theirs.id].sort());
    expect(all.body.totals).toEqual({ count: 3, revenue: "60.00" });
    expect(all.body.buyers.map((b: { id: string }) => b.id).sort()).toEqual([s.viewer.id, s.otherViewer.id].sort());
    expect(all.body.results.find((p: { id: string }) => p.id === s.theirs.id).userName).toBe("Other Viewer");

    const filtered = await getList(s.admin, `?userId=${s.otherViewer.id}`);
    expect(filtered.body.count).toBe(1);
    expect(filtered.body.results[0].id).toBe(s.theirs.id);
    expect(filtered.body.totals).toEqual({ count: 1, revenue: "30.00" });

    expect((await getById(s.admin, s.theirs.id)).body.userId).toBe(s.otherViewer.id);
    expect((await getList(s.admin, `?userId=${s.outsider.viewer.id}`)).body.count).toBe(0);
  });

  it("another business's admin sees none of it (404 by id)", async () => {
    const s = await scenario();
    const list = await getList(s.outsider.admin);
    expect(list.body.results.map((p: { id: string }) => p.id)).toEqual([s.foreign.id]);
    expect(list.body.totals).toEqual({ count: 1, revenue: "10.00" });
    const byId = await getById(s.outsider.admin, s.mine.id);
    expect(byId.status).toBe(404);
    expect((await getList(s.outsider.admin, `?userId=${s.viewer.id}`)).body.count).toBe(0);
  });

  it("defaults to the caller's first page of 20, with an absolute next link", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "2.50" });
    for (let i = 0; i < 22; i++) await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
    const first = await getList(viewer);
    expect(first.body).toMatchObject({ count: 22, previous: null, next: "http://localhost/api/purchases?page=2&pageSize=20" });
    expect(first.body.results).toHaveLength(20);
  });

  it("paginates with count, next and previous", async () => {
    const { business, viewer, admin } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    for (let i = 0; i < 5; i++) await post(viewer, { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
    const first = await getList(viewer, "?pageSize=2");
    expect(first.body).toMatchObject({ count: 5, previous: null, next: "http://localhost/api/purchases?page=2&pageSize=2" });
    expect(first.body.results).toHaveLength(2);
    const last = await getList(viewer, "?page=3&pageSize=2");
    expect(last.body.results).toHaveLength(1);
    expect(last.body).toMatchObject({ next: null, previous: "http://localhost/api/purchases?page=2&pageSize=2" });
    // A link past the end still says how many there are, so /purchases can offer the last page.
    const pastTheEnd = await getList(viewer, "?page=9&pageSize=2");
    expect(pastTheEnd.body).toMatchObject({ count: 5, next: null, previous: "http://localhost/api/purchases?page=3&pageSize=2", results: [] });
    const filtered = await getList(admin, `?userId=${viewer.id}&pageSize=2`);
    expect(filtered.body.next).toBe(`http://localhost/api/purchases?page=2&pageSize=2&userId=${viewer.id}`);
    // Like every list endpoint, a pageSize over 100 is served as 100 (lib/pagination.ts), not refused.
    const capped = await getList(viewer, "?pageSize=101");
    expect(capped.status).toBe(200);
    expect(capped.body.results).toHaveLength(5);
    expect((await getList(viewer, "?pageSize=0")).status).toBe(400);
    expect((await getList(viewer, "?page=0")).status).toBe(400);
  });
});

describe("GET /api/purchases?format=csv", () => {
  const HEADER = "createdAt,productName,quantity,unitPrice,total,userName,userId,productId,sessionId,id\r\n";

  /** A business with two buyers and fixed purchases (times included), plus another business's purchase. */
  async function scenario() {
    const team = await createTeam();
    const buyer = await createUser({ businessId: team.business.id, role: "viewer", name: "-Mallory, the buyer" });
    const product = await createProduct({ businessId: team.business.id, status: "approved", price: "12.50" });
    const insert = (values: { userId: string; productName: string; quantity: number; unitPrice: string; total: string; createdAt: Date; productId?: string | null }) =>
      getDb()
        .insert(purchases)
        .values({ businessId: team.business.id, productId: product.id, sessionId: null, ...values })
        .returning({ id: purchases.id })
        .then(([row]) => row!.id);
    const viewerFirst = await insert({ userId: team.viewer.id, productName: "Desk lamp", quantity: 2, unitPrice: "12.50", total: "25.00", createdAt: new Date("2026-04-01T10:00:00Z") });
    const buyerFormula = await insert({ userId: buyer.id, productName: "=cmd|' /C calc'!A0", quantity: 1, unitPrice: "0.99", total: "0.99", createdAt: new Date("2026-04-02T10:00:00Z"), productId: null });
    const viewerLatest = await insert({ userId: team.viewer.id, productName: "Chair, \"ergonomic\"", quantity: 1, unitPrice: "149.00", total: "149.00", createdAt: new Date("2026-04-03T10:00:00Z") });
    const outsider = await createTeam();
    const outsiderProduct = await createProduct({ businessId: outsider.business.id, status: "approved", name: "Outsider's lamp" });
    await post(outsider.viewer, { productId: outsiderProduct.id, expectedUnitPrice: outsiderProduct.price, quantity: 1 });
    return { ...team, buyer, product, viewerFirst, buyerFormula, viewerLatest, outsider };
  }

  async function csv(user: TestUser, query = "") {
    return callRoute(list, { path: `/api/purchases?format=csv${query}`, token: await tokenFor(user) });
  }

  it("an admin downloads every purchase of the business, newest first, formula-like cells defused", async () => {
    const s = await scenario();
    const response = await csv(s.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="purchases-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.text).toBe(
      HEADER +
        `2026-04-03T10:00:00.000Z,"Chair, ""ergonomic""",1,149.00,149.00,${s.viewer.name},${s.viewer.id},${s.product.id},,${s.viewerLatest}\r\n` +
        `2026-04-02T10:00:00.000Z,"'=cmd|' /C calc'!A0",1,0.99,0.99,"'-Mallory, the buyer",${s.buyer.id},,,${s.buyerFormula}\r\n` +
        `2026-04-01T10:00:00.000Z,Desk lamp,2,12.50,25.00,${s.viewer.name},${s.viewer.id},${s.product.id},,${s.viewerFirst}\r\n`,
    );
    expect(response.text).not.toContain("Outsider");
  });

  it("follows the list's rules: a member gets only their own, an admin's userId filters, paging is ignored", async () => {
    const s = await scenario();
    const ids = (text: string) => text.trim().split("\r\n").slice(1).map((line) => line.split(",").at(-1));
    expect(ids((await csv(s.viewer)).text)).toEqual([s.viewerLatest, s.viewerFirst]);
    expect(ids((await csv(s.viewer, `&userId=${s.viewer.id}`)).text)).toEqual([s.viewerLatest, s.viewerFirst]);
    expect(ids((await csv(s.admin, `&userId=${s.buyer.id}`)).text)).toEqual([s.buyerFormula]);
    expect(ids((await csv(s.admin, "&page=3&pageSize=1")).text)).toHaveLength(3);
    // Another business's admin gets their own business's file, none of this one's rows.
    const outsiderFile = (await csv(s.outsider.admin)).text;
    expect(outsiderFile).toContain("Outsider's lamp");
    expect(outsiderFile).not.toContain(s.viewerFirst);
    // A user id of another business filters to nothing.
    expect(ids((await csv(s.outsider.admin, `&userId=${s.viewer.id}`)).text)).toEqual([]);
  });

  it("refuses what the list refuses, as JSON", async () => {
    const s = await scenario();
    const snooping = await csv(s.viewer, `&userId=${s.buyer.id}`);
    expect(snooping.status).toBe(403);
    expect(snooping.headers.get("content-type")).toContain("application/json");
    const bad = await csv(s.admin, "&userId=nope");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "invalid_request", fields: { userId: expect.any(Array) } });
    expect((await callRoute(list, { path: "/api/purchases?format=csv" })).status).toBe(401);
  });

  it("pages through many purchases by key without repeating or skipping one", async () => {
    const team = await createTeam();
    // Two purchases per instant, instants a microsecond apart: more than two chunks' worth.
    await getDb().execute(sql`
      insert into purchases (business_id, user_id, product_name, quantity, unit_price, total, created_at)
      select ${team.business.id}::uuid, ${team.viewer.id}::uuid, 'Item ' || g, 1, 1.00, 1.00,
             '2026-05-01T00:00:00Z'::timestamptz + (g / 2) * interval '1 microsecond'
      from generate_series(1, 1101) g`);
    const ids = (await csv(team.viewer)).text.trim().split("\r\n").slice(1).map((line) => line.split(",").at(-1));
    const expected = await getDb()
      .select({ id: purchases.id })
      .from(purchases)
      .where(eq(purchases.businessId, team.business.id))
      .orderBy(desc(purchases.createdAt), desc(purchases.id));
    expect(ids).toHaveLength(1101);
    expect(ids).toEqual(expected.map((row) => row.id));
  });
});
