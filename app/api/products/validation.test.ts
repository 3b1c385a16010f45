import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as productsRoute from "@/app/api/products/route";
import { getDb } from "@/db/client";
import { products } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

const valid = { name: "Desk lamp", description: "Warm light.", price: "19.99" };

let team: Awaited<ReturnType<typeof createTeam>>;
let editor: string;

beforeAll(async () => {
  team = await createTeam();
  editor = await tokenFor(team.editor);
});

async function productCount() {
  return (await getDb().select({ id: products.id }).from(products).where(eq(products.businessId, team.business.id))).length;
}

describe("create validation: each case → 400 invalid_request with fields, nothing written", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["negative price", { ...valid, price: "-1.00" }, "price"],
    ["3 decimals", { ...valid, price: "1.999" }, "price"],
    ["non-numeric price", { ...valid, price: "cheap" }, "price"],
    ["price as a JSON number", { ...valid, price: 19.99 }, "price"],
    ["price beyond numeric(12,2)", { ...valid, price: "12345678901.00" }, "price"],
    ["missing price", { name: valid.name, description: valid.description }, "price"],
    ["empty name", { ...valid, name: "" }, "name"],
    ["blank name", { ...valid, name: "   " }, "name"],
    ["201-char name", { ...valid, name: "n".repeat(201) }, "name"],
    ["empty description", { ...valid, description: "" }, "description"],
    ["5001-char description", { ...valid, description: "d".repeat(5001) }, "description"],
    ["unknown field", { ...valid, colour: "red" }, "_"],
    ["status approved", { ...valid, status: "approved" }, "status"],
    ["status rejected", { ...valid, status: "rejected" }, "status"],
    ["businessId", { ...valid, businessId: "00000000-0000-4000-8000-000000000000" }, "_"],
    ["createdBy", { ...valid, createdBy: "00000000-0000-4000-8000-000000000000" }, "_"],
    ["approvedBy", { ...valid, approvedBy: "00000000-0000-4000-8000-000000000000" }, "_"],
    ["negative stock", { ...valid, stock: -1 }, "stock"],
    ["fractional stock", { ...valid, stock: 1.5 }, "stock"],
    ["stock as text", { ...valid, stock: "5" }, "stock"],
    ["101-char sku", { ...valid, sku: "s".repeat(101) }, "sku"],
  ];

  for (const [label, body, field] of cases) {
    it(label, async () => {
      const before = await productCount();
      const response = await callRoute(productsRoute.POST, { token: editor, body });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(response.body.fields).toHaveProperty(field);
      expect(await productCount()).toBe(before);
    });
  }

  it("accepts the limits: 200-char name, 5000-char description, price 0 and 2 decimals, null stock", async () => {
    const response = await callRoute(productsRoute.POST, {
      token: editor,
      body: { name: "n".repeat(200), description: "d".repeat(5000), price: "0", stock: null, sku: "", category: "Lamps" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ price: "0.00", stock: null, sku: null, category: "Lamps", status: "draft" });
    const cents = await callRoute(productsRoute.POST, { token: editor, body: { ...valid, price: "1299.5" } });
    expect(cents.body.price).toBe("1299.50");
  });

  it("a body that is not JSON → 400", async () => {
    const response = await callRoute(productsRoute.POST, {
      token: editor,
      method: "POST",
      rawBody: "{name: nope",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_request");
  });
});

describe("edit validation", () => {
  it("refuses status approved, unknown fields, ownership fields and an empty patch; the row is unchanged", async () => {
    const product = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft", price: "5.00" });
    const bodies = [
      { status: "approved" },
      { status: "draft" },
      { approvedBy: team.editor.id },
      { businessId: team.business.id },
      { createdBy: team.admin.id },
      { price: "5.001" },
      { name: "" },
      {},
    ];
    for (const body of bodies) {
      const response = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id: product.id }, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.fields).toBeTypeOf("object");
    }
    const [row] = await getDb().select().from(products).where(eq(products.id, product.id));
    expect(row).toMatchObject({ status: "draft", price: "5.00", approvedBy: null, createdBy: team.editor.id });
  });
});
