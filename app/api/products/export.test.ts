import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/products/export/route";
import * as importRoute from "@/app/api/products/import/route";
import * as templateRoute from "@/app/api/products/import/template/route";
import { getDb } from "@/db/client";
import { products } from "@/db/schema";
import { exportProductsCsv } from "@/lib/products/export";
import { exportQuerySchema } from "@/lib/products/tools-schemas";
import { createBusiness, createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let tokens: Record<"admin" | "editor" | "approver" | "viewer", string>;

const HEADER = ["name", "description", "price", "sku", "category", "stock"];

beforeAll(async () => {
  team = await createTeam();
  const [admin, editor, approver, viewer] = await Promise.all([team.admin, team.editor, team.approver, team.viewer].map(tokenFor));
  tokens = { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
});

function exportCsv(query: string, token: string | null = tokens.editor) {
  return callRoute(exportRoute.GET, { token, path: `/api/products/export?${query}` });
}

/** The CSV's records (header row included), parsed as a spreadsheet would read the text (decoding drops the byte order mark). */
function records(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function importInto(token: string, text: string, name = "export.csv") {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/csv" }));
  return callRoute(importRoute.POST, { token, method: "POST", rawBody: form });
}

describe("GET /api/products/export", () => {
  it("writes the filtered view as CSV in the import's columns, quoting what needs it and defusing spreadsheet formulas", async () => {
    const category = `Export ${randomUUID().slice(0, 6)}`;
    const made = [
      { name: "=HYPERLINK(\"http://evil.example\",\"click\")", description: "Plain, with a comma", price: "5.00", sku: `+SKU-${randomUUID().slice(0, 4)}`, stock: null },
      { name: "@SUM(A1:A2)", description: "-starts with a minus\nand has a second line", price: "12.50", sku: null, stock: 3 },
      { name: "Quote \"inside\" name", description: "\tTabbed start", price: "0.00", sku: null, stock: 0 },
    ];
    for (const fields of made) await createProduct({ businessId: team.business.id, createdBy: team.editor.id, category, ...fields });
    await createProduct({ businessId: team.business.id, name: "Outside the filter", category: null });

    const response = await exportCsv(`format=csv&category=${encodeURIComponent(category)}&sort=price_asc`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const rows = records(response.text);
    expect(rows).toEqual([
      HEADER,
      ["Quote \"inside\" name", "'\tTabbed start", "0.00", "", category, "0"],
      ["'=HYPERLINK(\"http://evil.example\",\"click\")", "Plain, with a comma", "5.00", `'${made[0]!.sku}`, category, ""],
      ["'@SUM(A1:A2)", "'-starts with a minus\nand has a second line", "12.50", "", category, "3"],
    ]);
    // The bytes start with the UTF-8 byte order mark (how spreadsheets know the encoding) and lines end in CRLF.
    const raw = await exportRoute.GET(new NextRequest(`http://localhost/api/products/export?category=${encodeURIComponent(category)}`, { headers: { authorization: `Bearer ${tokens.editor}` } }), { params: Promise.resolve({}) });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("name,description,price,sku,category,stock\r\n");
    // Every cell a spreadsheet could run as a formula starts with the apostrophe.
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("applies the staff list's filters and order, and the role's visibility", async () => {
    const tag = `Filt${randomUUID().slice(0, 6)}`;
    const make = (name: string, status: "draft" | "pending_approval" | "approved", price: string) =>
      createProduct({ businessId: team.business.id, createdBy: team.editor.id, name: `${tag} ${name}`, status, price, category: tag });
    await make("Cheap draft", "draft", "1.00");
    await make("Mid pending", "pending_approval", "5.00");
    await make("Dear live", "approved", "9.00");
    const names = async (query: string, token?: string) =>
      records((await exportCsv(`category=${tag}&${query}`, token)).text)
        .slice(1)
        .map((row) => row[0]);

    expect(await names("sort=price_desc")).toEqual([`${tag} Dear live`, `${tag} Mid pending`, `${tag} Cheap draft`]);
    expect(await names("sort=name_asc&status=draft")).toEqual([`${tag} Cheap draft`]);
    expect(await names(`q=${encodeURIComponent("pending")}`)).toEqual([`${tag} Mid pending`]);
    // An approver sees no drafts of others, in the list or in its export.
    expect(await names("sort=price_asc", tokens.approver)).toEqual([`${tag} Mid pending`, `${tag} Dear live`]);
    expect(await names("status=approved&sort=price_asc", tokens.admin)).toEqual([`${tag} Dear live`]);
  });

  it("round-trips: an exported file imports into another business as the same products", async () => {
    const tag = `Trip${randomUUID().slice(0, 6)}`;
    const originals = [
      { name: `${tag} =1+1`, description: "+ Bullet one\n- bullet two, with \"quotes\"", price: "1234567.89", sku: `${tag}-@1`, stock: null },
      { name: `${tag} plain`, description: "  spaces kept inside  ", price: "0.50", sku: null, stock: 7 },
      // Text that starts with the guard's own apostrophe comes back with it, and "-5 off" without one.
      { name: `${tag} quoted`, description: "'=A1 is how a formula is written as text", price: "2.00", sku: `'-${tag}`, stock: 1 },
      { name: `${tag} sale`, description: "-5 off this week", price: "3.00", sku: `''${tag}`, stock: 2 },
    ];
    for (const fields of originals) await createProduct({ businessId: team.business.id, createdBy: team.editor.id, category: `${tag} Cat`, ...fields });
    const exported = await exportCsv(`category=${encodeURIComponent(`${tag} Cat`)}&sort=name_asc`);

    const elsewhere = await createBusiness();
    const editor = await createUser({ businessId: elsewhere.id, role: "editor" });
    const imported = await importInto(await tokenFor(editor), exported.text);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 4, errors: [], createdCategories: [`${tag} Cat`] });
    const rows = await getDb()
      .select({ name: products.name, description: products.description, price: products.price, sku: products.sku, category: products.category, stock: products.stock, status: products.status })
      .from(products)
      .where(eq(products.businessId, elsewhere.id))
      .orderBy(products.name);
    // Descriptions are trimmed by the product schema on the way in, as they were when first created.
    expect(rows).toEqual(
      originals.map((fields) => ({ ...fields, description: fields.description.trim(), category: `${tag} Cat`, status: "draft" })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it("pages through a large catalog without repeating or skipping a row", async () => {
    const business = await createBusiness();
    const editor = await createUser({ businessId: business.id, role: "editor" });
    await getDb()
      .insert(products)
      .values(Array.from({ length: 1203 }, (_, i) => ({ businessId: business.id, name: `Bulk ${String(i).padStart(4, "0")}`, description: "d", price: "1.00" })));
    const rows = records((await exportCsv("sort=name_asc", await tokenFor(editor))).text);
    expect(rows).toHaveLength(1204);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(1203);
    expect(rows[1]![0]).toBe("Bulk 0000");
    expect(rows.at(-1)![0]).toBe("Bulk 1202");
  });

  it("writes every product once, in the order it had when the download began, while products are added and deleted", async () => {
    const business = await createBusiness();
    const editor = await createUser({ businessId: business.id, role: "editor" });
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    const made = await getDb()
      .insert(products)
      .values(Array.from({ length: 1100 }, (_, i) => ({ businessId: business.id, name: `Old ${String(i).padStart(4, "0")}`, description: "d", price: "1.00", createdAt: at(i) })))
      .returning({ id: products.id, name: products.name });
    // Newest first, the list's default order: what is added while the file is written comes first.
    const download = await exportProductsCsv({ id: editor.id, businessId: business.id, role: "editor" }, exportQuerySchema.parse({}));
    const reader = download.body.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    await getDb()
      .insert(products)
      .values(Array.from({ length: 300 }, (_, i) => ({ businessId: business.id, name: `New ${i}`, description: "d", price: "1.00" })));
    const deleted = made.find((row) => row.name === "Old 0005")!;
    await getDb().delete(products).where(eq(products.id, deleted.id));
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);

    const names = records(text).slice(1).map((row) => row[0]!);
    const expected = made.map((row) => row.name).filter((name) => name !== "Old 0005").reverse();
    expect(names).toEqual(expected);
  });

  it("is for staff only, and refuses an unknown format or filter", async () => {
    expect((await exportCsv("", tokens.viewer)).status).toBe(403);
    expect((await exportCsv("", null)).status).toBe(401);
    for (const query of ["format=xlsx", "sort=price", "status=gone", "createdBy=nobody"]) {
      const response = await exportCsv(query);
      expect({ query, status: response.status, error: response.body.error }).toEqual({ query, status: 400, error: "invalid_request" });
    }
  });
});

describe("GET /api/products/import/template", () => {
  it("is the import's header and one example row, which imports as one draft", async () => {
    const response = await callRoute(templateRoute.GET, { token: tokens.approver, path: "/api/products/import/template" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="products-template.csv"');
    const rows = records(response.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(HEADER);

    const business = await createBusiness();
    const editor = await createUser({ businessId: business.id, role: "editor" });
    const imported = await importInto(await tokenFor(editor), response.text, "products-template.csv");
    expect(imported.body).toMatchObject({ created: 1, errors: [], createdCategories: [rows[1]![4]] });

    expect((await callRoute(templateRoute.GET, { token: tokens.viewer })).status).toBe(403);
    expect((await callRoute(templateRoute.GET, {})).status).toBe(401);
  });
});
