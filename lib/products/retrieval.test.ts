import { describe, expect, it } from "vitest";
import { createBusiness, createProduct, createUser } from "@/test/factories";
import { getApprovedProduct, searchApprovedProducts } from "./service";

describe("assistant retrieval", () => {
  it("returns ranked approved products of one business only, with prefix and any-word fallback", async () => {
    const business = await createBusiness();
    const other = await createBusiness();
    const editor = await createUser({ businessId: business.id, role: "editor" });
    const desk = await createProduct({
      businessId: business.id,
      createdBy: editor.id,
      status: "approved",
      name: "Standing Desk",
      description: "An electric height-adjustable desk.",
      price: "499.00",
    });
    const mat = await createProduct({
      businessId: business.id,
      status: "approved",
      name: "Anti-fatigue mat",
      description: "Stand comfortably at your desk all day.",
    });
    await createProduct({ businessId: business.id, status: "draft", name: "Standing Desk Prototype" });
    await createProduct({ businessId: other.id, status: "approved", name: "Standing Desk Deluxe" });

    const ranked = await searchApprovedProducts({ businessId: business.id, query: "desk", limit: 10 });
    expect(ranked.map((p) => p.id)).toEqual([desk.id, mat.id]);
    expect(ranked[0]).toMatchObject({ price: "499.00", status: "approved" });
    expect(ranked[0]).not.toHaveProperty("search");

    const prefix = await searchApprovedProducts({ businessId: business.id, query: "stand des" });
    expect(prefix[0]?.id).toBe(desk.id);

    const conversational = await searchApprovedProducts({
      businessId: business.id,
      query: "do you sell a desk?'; drop table products; --",
    });
    expect(conversational.map((p) => p.id)).toContain(desk.id);

    const newest = await searchApprovedProducts({ businessId: business.id, query: "  ", limit: 1 });
    expect(newest).toHaveLength(1);
  });

  it("getApprovedProduct answers only approved products of the given business", async () => {
    const business = await createBusiness();
    const other = await createBusiness();
    const approved = await createProduct({ businessId: business.id, status: "approved" });
    const pending = await createProduct({ businessId: business.id, status: "pending_approval" });
    expect(await getApprovedProduct({ businessId: business.id, productId: approved.id })).toMatchObject({
      id: approved.id,
      price: "10.00",
    });
    expect(await getApprovedProduct({ businessId: other.id, productId: approved.id })).toBeNull();
    expect(await getApprovedProduct({ businessId: business.id, productId: pending.id })).toBeNull();
    expect(await getApprovedProduct({ businessId: business.id, productId: "not-a-uuid" })).toBeNull();
  });
});
