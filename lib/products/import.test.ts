import { and, desc, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "@/app/api/products/import/route";
import { getDb } from "@/db/client";
import { auditLog, products } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { actorOf, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { csvFile } from "@/lib/csv";
import { CSV_COLUMNS, productCells } from "./export";
import { importProducts, parseImportFile, type ImportFile } from "./import";

let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam();
});

async function countRows() {
  const db = getDb();
  const made = await db.select().from(products).where(eq(products.businessId, team.business.id));
  const audits = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.businessId, team.business.id), eq(auditLog.action, "product.import")));
  return { products: made.length, audits: audits.length };
}

async function refusal(file: ImportFile): Promise<AppError> {
  const error = await importProducts(actorOf(team.editor), { file }, { requestId: "import-test" }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("text Postgres cannot store, in an import file", () => {
  it("a NUL in a CSV cell → 400 naming the row and column; no row of the file is written", async () => {
    const before = await countRows();
    const error = await refusal({ name: "products.csv", type: "text/csv", text: "name,description,price\nLamp,Bright,3.00\nDesk,Wo\u0000od,9.00\n" });
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/Row 2 \(column "description"\)/);
    expect(error.fields).toEqual({ "rows.2": [expect.stringContaining("NUL")] });
    expect(await countRows()).toEqual(before);
  });

  it("a NUL in a CSV header, or a NUL or unpaired surrogate in a JSON key or value → 400, nothing written", async () => {
    const before = await countRows();
    const header = await refusal({ name: "p.csv", type: "text/csv", text: "name,pri\u0000ce\nLamp,3.00\n" });
    expect(header.status).toBe(400);
    expect(header.detail).toContain("header row");
    const jsonValue = await refusal({ name: "p.json", type: "application/json", text: '[{"name":"Ok","price":"1"},{"name":"Bad\\ud800","price":"1"}]' });
    expect(jsonValue.detail).toMatch(/Row 2 \(column "name"\)/);
    const jsonKey = await refusal({ name: "p.json", type: "application/json", text: '[{"name":"Ok","price":"1","x\\u0000":1}]' });
    expect(jsonKey.detail).toMatch(/Row 1 \(a column name\)/);
    expect(await countRows()).toEqual(before);
  });

  it("a NUL in the file name (which the audit entry records) → 400 on the file field, nothing written", async () => {
    const before = await countRows();
    const error = await refusal({ name: "pro\u0000ducts.csv", type: "text/csv", text: "name,price\nLamp,3.00\n" });
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ file: [expect.stringContaining("NUL")] });
    expect(await countRows()).toEqual(before);
  });

  it("a long file name ending in an emoji is recorded cut between characters, and the import goes through", async () => {
    const token = await tokenFor(team.editor);
    const name = `${"a".repeat(199)}😀.csv`;
    const form = new FormData();
    form.append("file", new File(["name,description,price\nEmoji Lamp,A lamp with a long file name,3.00\n"], name, { type: "text/csv" }));
    const imported = await callRoute(importRoute.POST, { token, method: "POST", rawBody: form });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.ids, JSON.stringify(imported.body)).toHaveLength(1);
    const [entry] = await getDb().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "product.import"), eq(auditLog.businessId, team.business.id))).orderBy(desc(auditLog.createdAt)).limit(1);
    expect((entry!.summary as { file: string }).file).toBe(`${"a".repeat(199)}😀`);
  });

  it("over HTTP: a NUL in the multipart filename or a cell is a JSON 400, never a 500", async () => {
    const token = await tokenFor(team.editor);
    const before = await countRows();
    const upload = (content: string, name: string) => {
      const form = new FormData();
      form.append("file", new File([content], name, { type: "text/csv" }));
      return callRoute(importRoute.POST, { token, method: "POST", rawBody: form });
    };
    const badName = await upload("name,price\nLamp,3.00\n", "a\u0000.csv");
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({ error: "invalid_request" });
    const badCell = await upload("name,price\nLa\u0000mp,3.00\n", "ok.csv");
    expect(badCell.status).toBe(400);
    expect(badCell.body).toMatchObject({ error: "invalid_request", detail: expect.stringContaining("Row 1") });
    expect(await countRows()).toEqual(before);
  });
});

describe("an exported CSV read back by the import", () => {
  // What a spreadsheet would run as a formula, the apostrophe that defuses it, and what CSV must quote.
  const starts = ["", "'", "''", "'''", "=", "'=", "''=", "+", "-", "@", "'@", "\t", "'\t", "\r", '"', ",", "\n", " "];
  const tricky = fc.tuple(fc.constantFrom(...starts), fc.string({ unit: "grapheme", maxLength: 12 })).map(([start, rest]) => start + rest);
  const nullable = fc.option(tricky, { nil: null });
  const names = (text: string) => parseImportFile({ name: "products.csv", type: "text/csv", text }).map((record) => (record as { name: string }).name);

  it("gives back every text cell exactly as it was, formula-like or starting with an apostrophe", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: tricky, description: tricky, sku: nullable, category: nullable }), { minLength: 1, maxLength: 5 }), (rows) => {
        const products = rows.map((row) => ({ ...row, price: "1.00", stock: null }));
        const text = csvFile([[...CSV_COLUMNS], ...products.map(productCells)]);
        const records = parseImportFile({ name: "products.csv", type: "text/csv", text });
        expect(records).toEqual(products.map((product) => ({ ...product, sku: product.sku ?? "", category: product.category ?? "" })));
      }),
      { numRuns: 500 },
    );
  });

  it("examples: the apostrophe is removed only where the export put it", () => {
    const cells = ["=A1", "-5 off", "'=A1", "''=A1", "'quoted'", "@home", "+1", "'", "''"];
    const rows = cells.map((name) => productCells({ name, description: "d", price: "1.00", sku: null, category: null, stock: null }));
    expect(names(csvFile([[...CSV_COLUMNS], ...rows]))).toEqual(cells);
    // A file written by hand: an apostrophe before text stays; before a formula it is the guard, and goes.
    expect(names("name,description,price\n'quoted,d,1\n'=A1,d,1\n")).toEqual(["'quoted", "=A1"]);
  });
});

describe("a spreadsheet's empty trailing column", () => {
  it("a header or rows ending in a comma import as if it were not there; a cell under no header is still refused", async () => {
    const text = "name,description,price,\nTrailing lamp,A lamp,12.00,\nTrailing desk,A desk,80.00,,\n";
    expect(parseImportFile({ name: "products.csv", type: "text/csv", text })).toEqual([
      { name: "Trailing lamp", description: "A lamp", price: "12.00" },
      { name: "Trailing desk", description: "A desk", price: "80.00" },
    ]);
    const result = await importProducts(actorOf(team.editor), { file: { name: "products.csv", type: "text/csv", text } }, { requestId: "import-test" });
    expect(result).toMatchObject({ created: 2, errors: [] });
    const stray = await importProducts(
      actorOf(team.editor),
      { file: { name: "products.csv", type: "text/csv", text: "name,description,price,\nStray lamp,A lamp,12.00,oops\n" } },
      { requestId: "import-test" },
    );
    expect(stray).toMatchObject({ created: 0, errors: [{ row: 1 }] });
  });
});
