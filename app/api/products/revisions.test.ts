import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as historyRoute from "@/app/api/products/[id]/history/route";
import * as imagesRoute from "@/app/api/products/[id]/images/route";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import * as internalRoute from "@/app/api/products/internal/route";
import * as reviewsRoute from "@/app/api/products/reviews/route";
import * as purchasesRoute from "@/app/api/purchases/route";
import { getAppDatabase, getDb, transaction } from "@/db/client";
import { auditLog, productImages, productRevisions, products, purchases, users } from "@/db/schema";
import { applyRevisionToProduct, getOpenRevision, updateRevisionIfStatus } from "@/lib/products/revision-queries";
import { openRevisionForEdit } from "@/lib/products/revisions";
import { createProduct, createTeam, createUser } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let editor: string;
let approver: string;
let viewer: string;

beforeAll(async () => {
  team = await createTeam();
  [editor, approver, viewer] = await Promise.all([
    tokenFor(team.editor),
    tokenFor(team.approver),
    tokenFor(team.viewer),
  ]);
});

function liveProduct(extra: Partial<Parameters<typeof createProduct>[0]> = {}) {
  return createProduct({
    businessId: team.business.id,
    createdBy: team.editor.id,
    status: "approved",
    approvedBy: team.approver.id,
    approvedAt: new Date(),
    ...extra,
  });
}

const edit = (token: string, id: string, body: Record<string, unknown>) => callRoute(itemRoute.PATCH, { token, method: "PATCH", params: { id }, body });
const submit = (token: string, id: string) => callRoute(submitRoute.POST, { token, method: "POST", params: { id }, body: {} });
const approve = (token: string, id: string) => callRoute(approveRoute.POST, { token, method: "POST", params: { id }, body: {} });
const reject = (token: string, id: string, reason: string) => callRoute(rejectRoute.POST, { token, method: "POST", params: { id }, body: { reason } });
const read = (token: string | null, id: string) => callRoute(itemRoute.GET, { token, params: { id } });
const buy = (token: string, body: { productId: string; expectedUnitPrice: string; quantity: number }) =>
  callRoute(purchasesRoute.POST, { token, method: "POST", path: "/api/purchases", body });

async function auditActions(productId: string) {
  const rows = await getDb()
    .select({ action: auditLog.action, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId)))
    .orderBy(auditLog.createdAt);
  return rows;
}

async function openRevisions(productId: string) {
  return getDb()
    .select()
    .from(productRevisions)
    .where(and(eq(productRevisions.productId, productId), ne(productRevisions.status, "approved")));
}

describe("revisions of a live product", () => {
  it("keeps the approved version public and purchasable at the old price until the revision is approved", async () => {
    const product = await liveProduct({ name: "Walnut desk", description: "Solid walnut.", price: "500.00", stock: 10 });

    const edited = await edit(editor, product.id, { name: "Walnut desk XL", price: "650.00", description: "Solid walnut, wider top." });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: "approved", name: "Walnut desk", price: "500.00", revision: { status: "draft", name: "Walnut desk XL", price: "650.00" } });

    // Signed out, and a viewer of the business: the live version only, no revision.
    for (const token of [null, viewer]) {
      const seen = await read(token, product.id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ name: "Walnut desk", price: "500.00", status: "approved" });
      expect(seen.body).not.toHaveProperty("revision");
    }
    const bought = await buy(viewer, { productId: product.id, expectedUnitPrice: "500.00", quantity: 1 });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ unitPrice: "500.00", productName: "Walnut desk" });

    expect((await submit(editor, product.id)).body).toMatchObject({ status: "approved", revision: { status: "pending_approval", submittedBy: team.editor.id } });
    // Still live while pending.
    expect((await buy(viewer, { productId: product.id, expectedUnitPrice: "500.00", quantity: 1 })).status).toBe(201);

    const approved = await approve(approver, product.id);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", name: "Walnut desk XL", price: "650.00", description: "Solid walnut, wider top.", approvedBy: team.approver.id, revision: null });
    // Stock was never part of the review: two sold, none restored.
    expect(approved.body.stock).toBe(8);
    expect((await read(null, product.id)).body).toMatchObject({ name: "Walnut desk XL", price: "650.00" });
    const stale = await buy(viewer, { productId: product.id, expectedUnitPrice: "500.00", quantity: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: "price_changed", currentUnitPrice: "650.00" });

    expect(await openRevisions(product.id)).toHaveLength(0);
    const actions = await auditActions(product.id);
    expect(actions.map((entry) => entry.action)).toEqual(["product.update", "product.submit", "product.approve"]);
    expect(actions[2]!.summary).toMatchObject({ from: "pending_approval", to: "approved", changed: ["name", "description", "price"], before: { price: "500.00" }, after: { price: "650.00" } });
  });

  it("swaps atomically: concurrent buyers get the old name and price or the new ones, never a mix", async () => {
    const product = await liveProduct({ name: "Old lamp", price: "10.00", stock: null });
    await edit(editor, product.id, { name: "New lamp", price: "20.00", status: "pending_approval" });

    const buyers = Array.from({ length: 16 }, (_, index) =>
      buy(viewer, { productId: product.id, expectedUnitPrice: index % 2 === 0 ? "10.00" : "20.00", quantity: 1 }),
    );
    const [approval, ...results] = await Promise.all([approve(approver, product.id), ...buyers]);
    expect(approval.status).toBe(200);
    for (const result of results) expect([201, 409]).toContain(result.status);

    const rows = await getDb().select({ name: purchases.productName, price: purchases.unitPrice }).from(purchases).where(eq(purchases.productId, product.id));
    expect(rows.length).toBe(results.filter((result) => result.status === 201).length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([["Old lamp", "10.00"], ["New lamp", "20.00"]]).toContainEqual([row.name, row.price]);
  });

  it("rejecting a revision leaves the live version unchanged; editing it again makes it a draft", async () => {
    const product = await liveProduct({ name: "Oak shelf", price: "80.00" });
    await edit(editor, product.id, { price: "1.00", status: "pending_approval" });
    const rejected = await reject(approver, product.id, "That price is a typo.");
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "approved", price: "80.00", revision: { status: "rejected", rejectionReason: "That price is a typo.", price: "1.00" } });
    expect((await read(null, product.id)).body).toMatchObject({ price: "80.00", status: "approved" });

    const again = await edit(editor, product.id, { price: "85.00" });
    expect(again.body).toMatchObject({ price: "80.00", revision: { status: "draft", price: "85.00" } });
    expect(await openRevisions(product.id)).toHaveLength(1);
  });

  it("an approver sees a change to a live product once it is submitted, not while it is a draft or after it was rejected", async () => {
    const product = await liveProduct({ name: `Rattan chair ${Date.now()}`, price: "120.00" });
    const approverSees = async () => {
      const detail = await read(approver, product.id);
      const gallery = await callRoute(imagesRoute.GET, { token: approver, params: { id: product.id } });
      const list = await callRoute(internalRoute.GET, { token: approver, path: `/api/products/internal?q=${encodeURIComponent(product.name)}` });
      const listed = list.body.results.find((row: { id: string }) => row.id === product.id);
      const history = await callRoute(historyRoute.GET, { token: approver, params: { id: product.id } });
      const draftPrice = history.body.results.some((entry: { summary: { after?: { price?: string } } }) => entry.summary?.after?.price === "99.00");
      return { revision: detail.body.revision?.status ?? null, gallery: gallery.body.revision?.status ?? null, mark: listed.revisionStatus, draftPrice };
    };

    const noChange = await approve(approver, product.id);
    await edit(editor, product.id, { price: "99.00" });
    expect((await read(editor, product.id)).body.revision).toMatchObject({ status: "draft", price: "99.00" });
    expect(await approverSees()).toEqual({ revision: null, gallery: null, mark: null, draftPrice: false });
    // Approving or rejecting it answers as for a live product with no change: not that a draft is there.
    for (const attempt of [await approve(approver, product.id), await reject(approver, product.id, "No.")]) {
      expect(attempt.status).toBe(409);
      expect(attempt.body.detail).not.toMatch(/draft|change/i);
    }
    expect((await approve(approver, product.id)).body).toEqual(noChange.body);

    await submit(editor, product.id);
    expect(await approverSees()).toEqual({ revision: "pending_approval", gallery: "pending_approval", mark: "pending_approval", draftPrice: true });

    const rejected = await reject(approver, product.id, "Keep the price.");
    // The answer to the rejection shows the approver what they decided; reading it again does not.
    expect(rejected.body.revision).toMatchObject({ status: "rejected" });
    expect(await approverSees()).toEqual({ revision: null, gallery: null, mark: null, draftPrice: false });
    expect((await approve(approver, product.id)).body).toEqual(noChange.body);
    expect((await read(editor, product.id)).body.revision).toMatchObject({ status: "rejected", rejectionReason: "Keep the price." });
  });

  it("a new stock sent with the stock the editor saw is refused (409) when a sale moved it since, and the sale stands", async () => {
    const product = await liveProduct({ name: "Desk mat", stock: 10, price: "12.00" });
    expect((await buy(viewer, { productId: product.id, expectedUnitPrice: "12.00", quantity: 3 })).status).toBe(201);

    const refused = await edit(editor, product.id, { stock: 15, expectedStock: 10 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", fields: { stock: ["The stock is now 7: it changed since you opened it. Save again to replace it."] } });
    expect(refused.body.detail).toContain("changed to 7");
    expect((await read(null, product.id)).body.stock).toBe(7);

    // Seen afresh, the new stock is taken; one already at the figure asked for is no conflict.
    expect((await edit(editor, product.id, { stock: 15, expectedStock: 7 })).body).toMatchObject({ stock: 15 });
    expect((await edit(editor, product.id, { stock: 15, expectedStock: 2 })).status).toBe(200);
    // Without a new stock it means nothing.
    const alone = await edit(editor, product.id, { expectedStock: 15 });
    expect(alone.status).toBe(400);
    expect(alone.body.fields).toHaveProperty("expectedStock");
  });

  it("changes stock on the live version without approval, audited", async () => {
    const product = await liveProduct({ name: "Desk fan", stock: 0 });
    const restocked = await edit(editor, product.id, { stock: 25 });
    expect(restocked.status).toBe(200);
    expect(restocked.body).toMatchObject({ status: "approved", stock: 25, revision: null });
    expect(await openRevisions(product.id)).toHaveLength(0);
    expect((await read(null, product.id)).body).toMatchObject({ stock: 25, status: "approved" });
    const [entry] = await auditActions(product.id);
    expect(entry).toMatchObject({ action: "product.stock_update", summary: { name: "Desk fan", before: 0, after: 25 } });

    // Also while a change waits for review, and by an editor (who may not edit the pending revision itself).
    await edit(editor, product.id, { name: "Desk fan II", status: "pending_approval" });
    expect((await edit(editor, product.id, { name: "Desk fan III" })).status).toBe(409);
    const restockedAgain = await edit(editor, product.id, { stock: 30 });
    expect(restockedAgain.status).toBe(200);
    expect(restockedAgain.body).toMatchObject({ stock: 30, name: "Desk fan", revision: { status: "pending_approval", name: "Desk fan II" } });
  });

  it("an approver who edited the revision cannot approve or reject it; another approver can", async () => {
    const product = await liveProduct({ name: "Linen curtain" });
    const former = await createUser({ businessId: team.business.id, role: "editor" });
    await edit(await tokenFor(former), product.id, { name: "Linen curtain, 2 m", status: "pending_approval" });
    await getDb().update(users).set({ role: "approver" }).where(eq(users.id, former.id));
    const asApprover = await tokenFor({ ...former, role: "approver" });
    const own = await approve(asApprover, product.id);
    expect(own.status).toBe(403);
    expect((await reject(asApprover, product.id, "no")).status).toBe(403);
    expect((await read(null, product.id)).body.name).toBe("Linen curtain");
    expect((await approve(approver, product.id)).body).toMatchObject({ name: "Linen curtain, 2 m", revision: null });
  });

  it("holds at most one open revision, even when two editors start one at once", async () => {
    const product = await liveProduct({ name: "Cork board" });
    const second = await createUser({ businessId: team.business.id, role: "editor" });
    const [a, b] = await Promise.all([edit(editor, product.id, { name: "Cork board A" }), edit(await tokenFor(second), product.id, { price: "12.00" })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const open = await openRevisions(product.id);
    expect(open).toHaveLength(1);
  });

  it("an editor whose edit meets a change another editor opened and submitted at that moment is refused, not written into it (concurrent transactions: Postgres)", async () => {
    const product = await liveProduct({ name: "Pin board" });
    const second = await createUser({ businessId: team.business.id, role: "editor" });
    const database = getAppDatabase();
    if (database.kind !== "postgres") return; // one connection: the second transaction cannot start while the first is open
    // The first editor opens a change and submits it, in a transaction held open.
    const first = await heldTransaction(async (tx) => {
      const open = await openRevisionForEdit(tx, team.editor, product);
      await updateRevisionIfStatus(tx, { businessId: product.businessId, revisionId: open.id, expected: [open.status], set: { status: "pending_approval", submittedBy: team.editor.id, submittedAt: new Date() } });
    });
    // The second finds no open change yet (it is not committed) and waits on the first's to insert its own.
    // Its refusal is caught as it happens: it can come while the first's commit is still being awaited.
    const secondEdit = transaction((tx) => openRevisionForEdit(tx, second, product)).then(
      () => null,
      (error: unknown) => error,
    );
    await someoneWaitsForALock();
    await first.finish();
    expect(await secondEdit).toMatchObject({ code: "invalid_transition" });
    const [pending] = await openRevisions(product.id);
    expect(pending).toMatchObject({ status: "pending_approval", editedBy: team.editor.id });
  });

  it("an edit that waited for a change's approval starts the next change from the version just approved, not the one it replaced (concurrent transactions: Postgres)", async () => {
    const product = await liveProduct({ name: "Lamp v1", price: "10.00", description: "First words." });
    await edit(editor, product.id, { name: "Lamp v2", price: "12.00", status: "pending_approval" });
    const database = getAppDatabase();
    if (database.kind !== "postgres") return; // one connection: the second transaction cannot start while the first is open
    // The approval, held between its writes and its commit, as reviewRevision makes them.
    const approval = await heldTransaction(async (tx) => {
      const open = (await getOpenRevision(tx, { businessId: product.businessId, productId: product.id, lock: true }))!;
      const approvedAt = new Date();
      const after = (await updateRevisionIfStatus(tx, {
        businessId: product.businessId,
        revisionId: open.id,
        expected: ["pending_approval"],
        set: { status: "approved", approvedBy: team.approver.id, approvedAt },
      }))!;
      await applyRevisionToProduct(tx, { revision: after, approvedBy: team.approver.id, approvedAt });
    });
    // An editor saves a new description meanwhile (the form sends only what changed): it waits on the change's lock.
    const described = edit(editor, product.id, { description: "Better words." });
    await someoneWaitsForALock();
    await approval.finish();
    expect((await described).status).toBe(200);

    expect((await read(editor, product.id)).body).toMatchObject({ name: "Lamp v2", price: "12.00" });
    const [next] = await openRevisions(product.id);
    expect(next).toMatchObject({ status: "draft", name: "Lamp v2", price: "12.00", description: "Better words." });
  });

  it("refuses a revision's SKU that another product uses, and answers 409 (not 500) when one is taken before approval", async () => {
    const other = await liveProduct({ name: "Sku holder", sku: `HELD-${Date.now()}` });
    const product = await liveProduct({ name: "Sku mover", sku: `MOVE-${Date.now()}` });
    const taken = await edit(editor, product.id, { sku: other.sku });
    expect(taken.status).toBe(409);
    expect(taken.body.fields).toHaveProperty("sku");
    expect(await openRevisions(product.id)).toHaveLength(0);

    const free = `FREE-${Date.now()}`;
    expect((await edit(editor, product.id, { sku: free, status: "pending_approval" })).status).toBe(200);
    // Meanwhile another product takes that SKU: approving the revision is a conflict, and nothing changes.
    await getDb().update(products).set({ sku: free }).where(eq(products.id, other.id));
    const approval = await approve(approver, product.id);
    expect(approval.status).toBe(409);
    expect(approval.body.fields).toHaveProperty("sku");
    expect((await read(null, product.id)).body.sku).toBe(product.sku);
    expect((await openRevisions(product.id))[0]!.status).toBe("pending_approval");
  });

  it("a revision's SKU that another product uses in another case is refused, and so is its approval once one takes it: 409 naming the SKU", async () => {
    const stamp = Date.now();
    const other = await liveProduct({ name: "Case holder", sku: `CASE-${stamp}` });
    const product = await liveProduct({ name: "Case mover", sku: `MOVER-${stamp}` });
    const taken = await edit(editor, product.id, { sku: `case-${stamp}` });
    expect(taken.status).toBe(409);
    expect(taken.body.fields.sku[0]).toContain(`CASE-${stamp}`);
    expect(await openRevisions(product.id)).toHaveLength(0);

    expect((await edit(editor, product.id, { sku: `Free-${stamp}`, status: "pending_approval" })).status).toBe(200);
    await getDb().update(products).set({ sku: `FREE-${stamp}` }).where(eq(products.id, other.id));
    const approval = await approve(approver, product.id);
    expect(approval.status).toBe(409);
    expect(approval.body.detail).toContain(`"Free-${stamp}"`);
    expect((await read(null, product.id)).body.sku).toBe(`MOVER-${stamp}`);
  });

  it("refuses to submit a live product without a change, and a change whose images lack alt text", async () => {
    const product = await liveProduct({ name: "Glass vase" });
    const nothing = await submit(editor, product.id);
    expect(nothing.status).toBe(409);
    const viaEdit = await edit(editor, product.id, { status: "pending_approval" });
    expect(viaEdit.status).toBe(409);
    expect(viaEdit.body.detail).toContain("no change to submit");

    await getDb().insert(productImages).values({
      productId: product.id,
      businessId: team.business.id,
      position: 0,
      alt: "",
      widths: [160],
      originalWidth: 200,
      originalHeight: 200,
      originalType: "image/png",
      originalBytes: 100,
    });
    await edit(editor, product.id, { name: "Glass vase, blue" });
    const missingAlt = await submit(editor, product.id);
    expect(missingAlt.status).toBe(400);
    expect(missingAlt.body.fields.images[0]).toContain("alt text");
    expect((await openRevisions(product.id))[0]!.status).toBe("draft");
  });

  it("lists pending new products and pending revisions in the review queue with a field-by-field diff", async () => {
    const business = await createTeam();
    const [editorToken, approverToken] = await Promise.all([tokenFor(business.editor), tokenFor(business.approver)]);
    const fresh = await createProduct({ businessId: business.business.id, createdBy: business.editor.id, status: "pending_approval", submittedBy: business.editor.id, submittedAt: new Date(Date.now() - 60_000), name: "Brand new" });
    const live = await createProduct({ businessId: business.business.id, createdBy: business.editor.id, status: "approved", name: "Tea pot", description: "Holds one litre.", price: "30.00", category: "Kitchen" });
    await edit(editorToken, live.id, { description: "Holds one and a half litres.", price: "35.00", category: "Tea", status: "pending_approval" });

    const queue = await callRoute(reviewsRoute.GET, { token: approverToken, path: "/api/products/reviews" });
    expect(queue.status).toBe(200);
    expect(queue.body.count).toBe(2);
    const [first, second] = queue.body.results;
    expect(first).toMatchObject({ kind: "product", product: { id: fresh.id, name: "Brand new" }, revision: null, changes: [] });
    expect(second).toMatchObject({ kind: "revision", product: { id: live.id, price: "30.00" }, revision: { status: "pending_approval", price: "35.00" }, submittedBy: { id: business.editor.id, name: business.editor.name } });
    expect(second.changes).toEqual([
      { field: "description", before: "Holds one litre.", after: "Holds one and a half litres." },
      { field: "price", before: "30.00", after: "35.00" },
      { field: "category", before: "Kitchen", after: "Tea" },
    ]);

    // Newest first on request, and a clear 400 for an order that does not exist.
    const newest = await callRoute(reviewsRoute.GET, { token: approverToken, path: "/api/products/reviews?order=newest" });
    expect(newest.body.results.map((item: { product: { id: string } }) => item.product.id)).toEqual([live.id, fresh.id]);
    const unknownOrder = await callRoute(reviewsRoute.GET, { token: approverToken, path: "/api/products/reviews?order=random" });
    expect(unknownOrder.status).toBe(400);
    expect(unknownOrder.body.fields.order[0]).toBe("order must be oldest or newest.");

    // A page past the end (its last review just decided) still tells how long the queue is.
    const pastTheEnd = await callRoute(reviewsRoute.GET, { token: approverToken, path: "/api/products/reviews?pageSize=1&page=3" });
    expect(pastTheEnd.status).toBe(200);
    expect(pastTheEnd.body).toMatchObject({ count: 2, results: [] });

    // Staff of another business see none of it; viewers and editors may not open the queue.
    expect((await callRoute(reviewsRoute.GET, { token: approver, path: "/api/products/reviews" })).body.results.map((item: { product: { id: string } }) => item.product.id)).not.toContain(live.id);
    expect((await callRoute(reviewsRoute.GET, { token: viewer, path: "/api/products/reviews" })).status).toBe(403);
    expect((await callRoute(reviewsRoute.GET, { token: editor, path: "/api/products/reviews" })).status).toBe(403);
  });
});
