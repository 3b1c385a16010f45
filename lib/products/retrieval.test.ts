import { describe, expect, it } from "vitest";
import { createBusiness, createProduct } from "@/test/factories";
import { getApprovedProduct } from "./service";

describe("approved product lookups for the assistant", () => {
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
