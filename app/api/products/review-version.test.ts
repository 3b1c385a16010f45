import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as imageRoute from "@/app/api/products/[id]/images/[imageId]/route";
import * as imagesRoute from "@/app/api/products/[id]/images/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as reviewsRoute from "@/app/api/products/reviews/route";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, productRevisions, products } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";

/*
 * A reviewer decides on what they read: approve and reject carry the `version` of the review item (or of
 * the product page) and are refused with 409 when the content under review changed since.
 */

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let admin: string;
let editor: string;
let approver: string;

beforeAll(async () => {
  team = await createTeam();
  [admin, editor, approver] = await Promise.all([tokenFor(team.admin), tokenFor(team.editor), tokenFor(team.approver)]);
});

const edit = (token: string, id: string, body: Record<string, unknown>) => callRoute(itemRoute.PATCH, { token, method: "PATCH", params: { id }, body });
const read = (token: string, id: string) => callRoute(itemRoute.GET, { token, params: { id } });
const approve = (id: string, body: Record<string, unknown>) => callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id }, body });
const reject = (id: string, body: Record<string, unknown>) => callRoute(rejectRoute.POST, { token: approver, method: "POST", params: { id }, body });

/** The review queue's item for a product, as the approvals page reads it. */
async function reviewItem(productId: string): Promise<{ kind: string; version: string }> {
  const queue = await callRoute(reviewsRoute.GET, { token: approver, path: "/api/products/reviews?pageSize=100" });
  expect(queue.status).toBe(200);
  const item = queue.body.results.find((entry: { product: { id: string } }) => entry.product.id === productId);
  expect(item).toBeDefined();
  return item;
}

function pendingProduct(extra: Partial<Parameters<typeof createProduct>[0]> = {}) {
  return createProduct({
    businessId: team.business.id,
    createdBy: team.editor.id,
    editedBy: team.editor.id,
    submittedBy: team.editor.id,
    submittedAt: new Date(),
    status: "pending_approval",
    ...extra,
  });
}

async function pendingRevision(changes: Record<string, unknown>) {
  const product = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "approved", approvedBy: team.admin.id, approvedAt: new Date() });
  expect((await edit(editor, product.id, { ...changes, status: "pending_approval" })).status).toBe(200);
  return product;
}

async function upload(productId: string, alt: string) {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 120, b: 40 } } }).jpeg().toBuffer();
  const body = new FormData();
  body.append("file", new File([bytes], "photo.jpg", { type: "image/jpeg" }));
  body.append("alt", alt);
  const res = await callRoute(imagesRoute.POST, { method: "POST", token: admin, params: { id: productId }, rawBody: body });
  expect(res.status).toBe(201);
  return res.body.image.id as string;
}

async function productStatus(id: string) {
  const [row] = await getDb().select({ status: products.status, rejectionReason: products.rejectionReason }).from(products).where(eq(products.id, id));
  return row;
}

async function reviewAudits(productId: string) {
  const rows = await getDb()
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId)));
  return rows.map((row) => row.action).filter((action) => action === "product.approve" || action === "product.reject");
}

describe("a review names the version it decides on", () => {
  it("approves a new product at the version the queue and the product page show", async () => {
    const product = await pendingProduct({ name: "Oak stool" });
    const item = await reviewItem(product.id);
    expect(item).toMatchObject({ kind: "product", version: expect.stringMatching(/^[\w-]{22}$/) });
    expect((await read(approver, product.id)).body.reviewVersion).toBe(item.version);

    const approved = await approve(product.id, { version: item.version });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", name: "Oak stool" });
  });

  it("refuses an approval or a rejection of a new product an admin edited after the approver read it; nothing changes", async () => {
    const product = await pendingProduct({ name: "Pine shelf", price: "40.00" });
    const seen = await reviewItem(product.id);
    expect((await edit(admin, product.id, { price: "4.00" })).status).toBe(200);

    for (const refused of [await approve(product.id, { version: seen.version }), await reject(product.id, { reason: "Too dear.", version: seen.version })]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: "conflict", detail: expect.stringContaining("changed after you opened it") });
    }
    expect(await productStatus(product.id)).toEqual({ status: "pending_approval", rejectionReason: null });
    expect(await reviewAudits(product.id)).toEqual([]);

    // Read again, the approver decides on what it says now.
    const now = await reviewItem(product.id);
    expect(now.version).not.toBe(seen.version);
    expect((await approve(product.id, { version: now.version })).body).toMatchObject({ status: "approved", price: "4.00" });
  });

  it("counts a picture's alt text and a new picture as content, but not the stock", async () => {
    const product = await pendingProduct({ name: "Clay mug", stock: 5 });
    const imageId = await upload(product.id, "A grey clay mug");
    const seen = await reviewItem(product.id);

    // Stock is operational and never reviewed: changing it leaves the version as it was.
    expect((await edit(editor, product.id, { stock: 9 })).status).toBe(200);
    expect((await reviewItem(product.id)).version).toBe(seen.version);

    const described = await callRoute(imageRoute.PATCH, { method: "PATCH", token: admin, params: { id: product.id, imageId }, body: { alt: "A mug with a rude slogan" } });
    expect(described.status).toBe(200);
    expect((await approve(product.id, { version: seen.version })).status).toBe(409);

    const afterAlt = await reviewItem(product.id);
    await upload(product.id, "The mug from above");
    expect((await reject(product.id, { reason: "The slogan.", version: afterAlt.version })).status).toBe(409);
    const rejected = await reject(product.id, { reason: "The slogan.", version: (await reviewItem(product.id)).version });
    expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "The slogan." });
  });

  it("refuses to approve a change to a live product that was edited after the approver read it", async () => {
    const product = await pendingRevision({ name: "Lamp, brass" });
    const seen = await reviewItem(product.id);
    expect(seen.kind).toBe("revision");
    expect((await read(approver, product.id)).body.reviewVersion).toBe(seen.version);

    expect((await edit(admin, product.id, { description: "Now with a different story." })).status).toBe(200);
    const refused = await approve(product.id, { version: seen.version });
    expect(refused).toMatchObject({ status: 409, body: { error: "conflict" } });
    const [revision] = await getDb().select({ status: productRevisions.status }).from(productRevisions).where(eq(productRevisions.productId, product.id));
    expect(revision!.status).toBe("pending_approval");
    expect((await read(approver, product.id)).body).toMatchObject({ status: "approved", name: product.name });

    const now = await reviewItem(product.id);
    expect((await approve(product.id, { version: now.version })).body).toMatchObject({ name: "Lamp, brass", description: "Now with a different story.", revision: null });
  });

  it("an edit committed while the approval waits for the product is seen by it (concurrent transactions: Postgres)", async () => {
    const product = await pendingProduct({ name: "Ash bench" });
    const seen = await reviewItem(product.id);
    if (getAppDatabase().kind !== "postgres") return; // one connection: the approval cannot start while the edit is open
    // An admin's edit, written and held open.
    const editing = await heldTransaction(async (tx) => {
      await tx.update(products).set({ name: "Ash bench, unfinished" }).where(eq(products.id, product.id));
    });
    const approval = approve(product.id, { version: seen.version });
    await someoneWaitsForALock();
    await editing.finish();
    expect(await approval).toMatchObject({ status: 409, body: { error: "conflict" } });
    expect(await productStatus(product.id)).toMatchObject({ status: "pending_approval" });
  });

  it("an approval waiting for a change being given a picture neither deadlocks with it nor misses it (concurrent transactions: Postgres)", async () => {
    const product = await pendingRevision({ name: "Lamp, copper" });
    const seen = await reviewItem(product.id);
    if (getAppDatabase().kind !== "postgres") return; // one connection: the approval cannot start while the upload is open
    // An upload to the change, as the gallery writes it: the revision's lock, then a row whose foreign key
    // names the product (its check takes a key-share lock on the product row).
    const uploading = await heldTransaction(
      async (tx) => {
        await tx.select().from(productRevisions).where(eq(productRevisions.productId, product.id)).for("update");
      },
      async (tx) => {
        await tx.select({ id: products.id }).from(products).where(eq(products.id, product.id)).for("key share");
        await tx.update(productRevisions).set({ name: "Lamp, copper and glass" }).where(eq(productRevisions.productId, product.id));
      },
    );
    const approval = approve(product.id, { version: seen.version });
    await someoneWaitsForALock();
    await uploading.finish();
    expect(await approval).toMatchObject({ status: 409, body: { error: "conflict" } });
  });

  it("a withdrawn and resubmitted change with the same content is the same version", async () => {
    const product = await pendingProduct({ name: "Wool throw" });
    const seen = await reviewItem(product.id);
    // Rejected, then submitted again without a change.
    expect((await reject(product.id, { reason: "Checking one thing." })).status).toBe(200);
    expect((await edit(editor, product.id, { status: "pending_approval" })).status).toBe(200);
    expect((await approve(product.id, { version: seen.version })).body).toMatchObject({ status: "approved" });
  });

  it("still decides without a version (API callers), and refuses a version that is not text", async () => {
    const product = await pendingProduct({ name: "Jute rug" });
    for (const version of [42, "", "x".repeat(65), null]) {
      const res = await approve(product.id, { version });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_request", fields: { version: [expect.stringContaining("version")] } });
    }
    expect((await approve(product.id, {})).body).toMatchObject({ status: "approved" });
  });
});
