import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as categoryRoute from "@/app/api/categories/[id]/route";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as imagesRoute from "@/app/api/products/[id]/images/route";
import * as itemRoute from "@/app/api/products/[id]/route";
import { getAppDatabase, getDb } from "@/db/client";
import { productRevisions } from "@/db/schema";
import { getCategoryByName, resolveCategory } from "@/lib/categories/queries";
import { createProduct, createTeam } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";

/*
 * Two writers of the catalog that need the same rows take them in one order, so they wait for each other
 * instead of deadlocking (which the API answers 503). Each test holds a change's revision open, as an
 * editor briefly does, to make both requests queue up behind it in the order that used to deadlock.
 * Concurrent transactions: Postgres only.
 */

let team: Awaited<ReturnType<typeof createTeam>>;
let admin: string;
let editor: string;
let approver: string;

beforeAll(async () => {
  team = await createTeam();
  [admin, editor, approver] = await Promise.all([tokenFor(team.admin), tokenFor(team.editor), tokenFor(team.approver)]);
});

/** Holds the product's open change, as an editor saving it does. */
function holdRevision(productId: string) {
  return heldTransaction(async (tx) => {
    await tx.select().from(productRevisions).where(eq(productRevisions.productId, productId)).for("update");
  });
}

describe("catalog writers in one lock order", () => {
  it("approving a change that moves a product into a category, while the category is renamed: both go through", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: nothing runs while the change is held
    const businessId = team.business.id;
    await resolveCategory(getDb(), { businessId, name: "Lighting" });
    const product = await createProduct({ businessId, createdBy: team.editor.id, status: "approved", category: "Lamps" });
    const edited = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id: product.id }, body: { category: "Lighting", status: "pending_approval" } });
    expect(edited.status).toBe(200);
    const lighting = (await getCategoryByName(getDb(), { businessId, name: "Lighting" }))!;

    const holding = await holdRevision(product.id);
    const approval = callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id: product.id }, body: {} });
    await someoneWaitsForALock(1);
    const rename = callRoute(categoryRoute.PATCH, { token: admin, method: "PATCH", params: { id: lighting.id }, body: { name: "Lights" } });
    await someoneWaitsForALock(2);
    await holding.finish();
    const [approved, renamed] = await Promise.all([approval, rename]);

    expect([approved.status, renamed.status]).toEqual([200, 200]);
    const after = await callRoute(itemRoute.GET, { token: admin, params: { id: product.id } });
    expect(after.body.category).toBe("Lights");
  });

  it("deleting a live product while a picture is added to its change: the delete goes through", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: nothing runs while the change is held
    const product = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "approved" });
    expect((await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id: product.id }, body: { name: "Renamed lamp" } })).status).toBe(200);
    const jpeg = new Uint8Array(await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer());
    const body = new FormData();
    body.append("file", new File([jpeg], "lamp.jpg", { type: "image/jpeg" }));
    body.append("alt", "A lamp");

    const holding = await holdRevision(product.id);
    const upload = callRoute(imagesRoute.POST, { token: editor, method: "POST", params: { id: product.id }, rawBody: body });
    await someoneWaitsForALock(1);
    const removal = callRoute(itemRoute.DELETE, { token: admin, method: "DELETE", params: { id: product.id } });
    await someoneWaitsForALock(2);
    await holding.finish();
    const [uploaded, deleted] = await Promise.all([upload, removal]);

    expect(uploaded.status).toBe(201);
    expect(deleted.status).toBe(204);
    expect((await callRoute(itemRoute.GET, { token: admin, params: { id: product.id } })).status).toBe(404);
  });
});
