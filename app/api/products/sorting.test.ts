import { beforeAll, describe, expect, it } from "vitest";
import * as internalRoute from "@/app/api/products/internal/route";
import { PRODUCT_LIST_SORTS } from "@/lib/products/vocabulary";
import { createBusiness, createProduct, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

let admin: string;
const names: Record<string, string> = {};

// Five products whose every column orders differently; nulls included (no SKU, no category, unlimited stock).
const FIXTURE = [
  { key: "a", name: "apple", sku: "S-3", category: "Kitchen", price: "30.00", stock: 5, status: "approved", updatedAt: new Date("2024-01-03") },
  { key: "b", name: "Banana", sku: null, category: "garden", price: "4.50", stock: null, status: "draft", updatedAt: new Date("2024-01-05") },
  { key: "c", name: "cherry", sku: "s-1", category: null, price: "100.00", stock: 0, status: "rejected", updatedAt: new Date("2024-01-01") },
  { key: "d", name: "Date", sku: "S-2", category: "Bath", price: "4.49", stock: 12, status: "pending_approval", updatedAt: new Date("2024-01-04") },
  { key: "e", name: "elder", sku: null, category: "kitchen ware", price: "30.00", stock: null, status: "approved", updatedAt: new Date("2024-01-02") },
] as const;

beforeAll(async () => {
  const business = await createBusiness();
  const user = await createUser({ businessId: business.id, role: "admin" });
  admin = await tokenFor(user);
  for (const { key, ...fields } of FIXTURE) {
    const row = await createProduct({ businessId: business.id, createdBy: user.id, ...fields });
    names[row.id] = key;
  }
});

async function order(sort: string): Promise<string> {
  const response = await callRoute(internalRoute.GET, { token: admin, path: `/api/products/internal?sort=${sort}` });
  expect(response.status).toBe(200);
  return (response.body.results as { id: string }[]).map((row) => names[row.id]).join("");
}

describe("GET /api/products/internal?sort=", () => {
  // Ties (equal price, both approved, both unlimited, both without a SKU) fall back to the id, so
  // only the tied pair's relative order is left to the id: each expectation lists both possibilities.
  const expected: Record<(typeof PRODUCT_LIST_SORTS)[number], RegExp> = {
    name_asc: /^abcde$/,
    name_desc: /^edcba$/,
    // Text ignores case; an empty SKU or category comes last either way.
    sku_asc: /^cda(be|eb)$/,
    sku_desc: /^adc(be|eb)$/,
    category_asc: /^dbaec$/,
    category_desc: /^eabdc$/,
    price_asc: /^db(ae|ea)c$/,
    price_desc: /^c(ae|ea)bd$/,
    // No stock figure means unlimited: the most.
    stock_asc: /^cad(be|eb)$/,
    stock_desc: /^(be|eb)dac$/,
    // The lifecycle's order: draft, pending approval, approved, rejected.
    status_asc: /^bd(ae|ea)c$/,
    status_desc: /^c(ae|ea)db$/,
    updated_asc: /^ceadb$/,
    updated_desc: /^bdaec$/,
  };

  it.each(PRODUCT_LIST_SORTS)("%s", async (sort) => {
    expect(await order(sort)).toMatch(expected[sort]);
  });

  it("paging a sorted list never repeats or skips a row", async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      const response = await callRoute(internalRoute.GET, { token: admin, path: `/api/products/internal?sort=price_asc&pageSize=2&page=${page}` });
      pages.push(...(response.body.results as { id: string }[]).map((row) => names[row.id]));
    }
    expect(pages.join("")).toBe(await order("price_asc"));
  });

  it("refuses an unknown order (400)", async () => {
    const response = await callRoute(internalRoute.GET, { token: admin, path: "/api/products/internal?sort=price" });
    expect([response.status, Object.keys(response.body.fields)]).toEqual([400, ["sort"]]);
  });
});
