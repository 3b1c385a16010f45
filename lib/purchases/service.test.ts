import { describe, expect, it } from "vitest";
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
