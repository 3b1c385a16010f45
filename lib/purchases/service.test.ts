import { describe, expect, it } from "vitest";
import { actorOf, createProduct, createTeam } from "@/test/factories";
import { createPurchase, getPurchase, listPurchases } from "./service";

describe("purchases service (as the assistant's tools call it)", () => {
  it("listPurchases defaults to the caller's first page, newest first, with relative links", async () => {
    const { business, viewer, admin } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "2.50" });
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) ids.push((await createPurchase(actorOf(viewer), { productId: product.id, quantity: 1 })).purchase.id);
    await createPurchase(actorOf(admin), { productId: product.id, quantity: 4 });

    const page = await listPurchases(actorOf(viewer));
    expect(page.count).toBe(22);
    expect(page.results).toHaveLength(20);
    expect(page.results[0]!.id).toBe(ids[21]);
    expect(page.next).toBe("/api/purchases?page=2&pageSize=20");
    expect(page.previous).toBeNull();
    expect(page.totals).toBeUndefined();

    const adminView = await listPurchases(actorOf(admin), { pageSize: 5 });
    expect(adminView.count).toBe(23);
    expect(adminView.totals).toEqual({ count: 23, revenue: "65.00" });
  });

  it("throws typed errors instead of returning someone else's data", async () => {
    const { business, viewer, editor } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const { purchase } = await createPurchase(actorOf(editor), { productId: product.id, quantity: 1 });
    await expect(getPurchase(actorOf(viewer), purchase.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(listPurchases(actorOf(viewer), { userId: editor.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createPurchase(actorOf(viewer), { productId: product.id, quantity: 0 })).rejects.toMatchObject({
      code: "invalid_request",
      fields: { quantity: expect.any(Array) },
    });
    expect((await getPurchase(actorOf(editor), purchase.id)).total).toBe("10.00");
  });
});
