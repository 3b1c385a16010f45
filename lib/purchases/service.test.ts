import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { purchases } from "@/db/schema";
import { getApprovedProduct } from "@/lib/products/service";
import { actorOf, createProduct, createTeam } from "@/test/factories";
import { createPurchase, getPurchase, listPurchases, purchaseTotal } from "./service";

describe("purchaseTotal", () => {
  it("multiplies decimal prices exactly", () => {
    expect(purchaseTotal({ unitPrice: "0.10", quantity: 3 })).toBe("0.30");
    expect(purchaseTotal({ unitPrice: "1299.99", quantity: 3 })).toBe("3899.97");
    expect(purchaseTotal({ unitPrice: "0.01", quantity: 100 })).toBe("1.00");
    expect(purchaseTotal({ unitPrice: "5", quantity: 2 })).toBe("10.00");
    expect(purchaseTotal({ unitPrice: "0.00", quantity: 7 })).toBe("0.00");
    expect(purchaseTotal({ unitPrice: "99999999.99", quantity: 100 })).toBe("9999999999.00");
  });

  it("refuses a total that the numeric(12,2) column cannot hold with a 400", () => {
    expect(() => purchaseTotal({ unitPrice: "9999999999.99", quantity: 2 })).toThrowError(
      expect.objectContaining({ code: "invalid_request", fields: { quantity: [expect.any(String)] } }),
    );
  });
});

describe("purchases service (as the assistant's tools call it)", () => {
  it("listPurchases lists the caller's page, newest first; only an admin gets totals", async () => {
    const { business, viewer, admin } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "2.50" });
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) ids.push((await createPurchase(actorOf(viewer), { productId: product.id, expectedUnitPrice: product.price, quantity: 1 })).purchase.id);
    await createPurchase(actorOf(admin), { productId: product.id, expectedUnitPrice: product.price, quantity: 4 });

    const page = await listPurchases(actorOf(viewer), { page: 1, pageSize: 20 });
    expect(page.count).toBe(22);
    expect(page.results).toHaveLength(20);
    expect(page.results[0]!.id).toBe(ids[21]);
    expect(page.totals).toBeUndefined();

    const adminView = await listPurchases(actorOf(admin), { page: 1, pageSize: 5 });
    expect(adminView.count).toBe(23);
    expect(adminView.totals).toEqual({ count: 23, revenue: "65.00" });
  });

  it("an admin's revenue total holds past 10^12, as a decimal string with two places", async () => {
    const { business, viewer, admin } = await createTeam();
    expect((await listPurchases(actorOf(admin), { page: 1, pageSize: 1 })).totals).toEqual({ count: 0, revenue: "0.00" });
    // 101 purchases at the largest total one can have: a sum that numeric(14,2) cannot hold.
    const largest = { businessId: business.id, userId: viewer.id, productName: "Yacht", quantity: 1, unitPrice: "9999999999.99", total: "9999999999.99" };
    await getDb().insert(purchases).values(Array.from({ length: 101 }, () => largest));
    const adminView = await listPurchases(actorOf(admin), { page: 1, pageSize: 1 });
    expect(adminView.totals).toEqual({ count: 101, revenue: "1009999999998.99" });
    const oneBuyer = await listPurchases(actorOf(admin), { userId: viewer.id, page: 1, pageSize: 1 });
    expect(oneBuyer.totals).toEqual({ count: 101, revenue: "1009999999998.99" });
  });

  it("throws typed errors instead of returning someone else's data", async () => {
    const { business, viewer, editor } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const { purchase } = await createPurchase(actorOf(editor), { productId: product.id, expectedUnitPrice: product.price, quantity: 1 });
    await expect(getPurchase(actorOf(viewer), { purchaseId: purchase.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(listPurchases(actorOf(viewer), { userId: editor.id, page: 1, pageSize: 20 })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await getPurchase(actorOf(editor), { purchaseId: purchase.id })).total).toBe("10.00");
  });

  it("a total too large for the column is a 400 on quantity, and takes no stock", async () => {
    const { business, viewer } = await createTeam();
    const product = await createProduct({ businessId: business.id, status: "approved", price: "9999999999.99", stock: 5 });
    await expect(createPurchase(actorOf(viewer), { productId: product.id, expectedUnitPrice: product.price, quantity: 2 })).rejects.toMatchObject({
      code: "invalid_request",
      fields: { quantity: expect.any(Array) },
    });
    const { count } = await listPurchases(actorOf(viewer), { page: 1, pageSize: 20 });
    expect(count).toBe(0);
    expect((await getApprovedProduct({ businessId: business.id, productId: product.id }))!.stock).toBe(5);
  });
});
