import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "@/app/api/products/import/route";
import * as productsRoute from "@/app/api/products/route";
import { getDb } from "@/db/client";
import { auditLog, productCategories, products } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

let team: Awaited<ReturnType<typeof createTeam>>;
let editor: string;

beforeAll(async () => {
  team = await createTeam();
  editor = await tokenFor(team.editor);
});

function upload(content: string, name: string, type: string) {
  const form = new FormData();
  form.append("file", new File([content], name, { type }));
  return form;
}

function importFile(content: string, options: { name?: string; type?: string; token?: string } = {}) {
  return callRoute(importRoute.POST, {
    token: options.token ?? editor,
    method: "POST",
    rawBody: upload(content, options.name ?? "products.csv", options.type ?? "text/csv"),
  });
}

async function importedNamed(prefix: string) {
  const rows = await getDb().select().from(products).where(eq(products.businessId, team.business.id));
  return rows.filter((row) => row.name.startsWith(prefix));
}

async function importAudits() {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.businessId, team.business.id), eq(auditLog.action, "product.import")));
}

describe("POST /api/products/import", () => {
  it("CSV with 1 good and 2 bad rows → created 1, two row errors with fields, one audit entry", async () => {
    const auditsBefore = (await importAudits()).length;
    const csv = [
      "Name,Description,Price,SKU,Category,Stock",
      "CsvGood Lamp,\"Warm, dimmable light\",19.99,CSV-1,Lighting,4",
      "CsvBad Lamp,No price,-3,,,",
      ",Nameless,5.00,,,2.5",
    ].join("\r\n");
    const response = await importFile(csv);
    expect(response.status).toBe(200);
    expect(response.body.created).toBe(1);
    expect(response.body.errors).toEqual([
      { row: 2, fields: { price: [expect.any(String)] } },
      { row: 3, fields: { name: [expect.any(String)], stock: [expect.any(String)] } },
    ]);
    const [created] = await importedNamed("CsvGood");
    expect(created).toMatchObject({
      status: "draft",
      createdBy: team.editor.id,
      description: "Warm, dimmable light",
      price: "19.99",
      sku: "CSV-1",
      category: "Lighting",
      stock: 4,
    });
    const audits = await importAudits();
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)!.summary).toMatchObject({ created: 1, failed: 2, rows: 3 });
  });

  it("a JSON array imports as drafts; numbers as prices are accepted, unknown fields and status are row errors", async () => {
    const json = JSON.stringify([
      { name: "JsonA", description: "A", price: "1.50" },
      { name: "JsonB", description: "B", price: 2.25, stock: 3, sku: null },
      { name: "JsonC", description: "C", price: "3.00", status: "approved" },
      "not an object",
      // A name on two lines would split every list and CSV export it appears in.
      { name: "JsonD\nsecond line", description: "D", price: "4.00" },
    ]);
    const response = await importFile(json, { name: "export.json", type: "application/json" });
    expect(response.status).toBe(200);
    expect(response.body.created).toBe(2);
    expect(response.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5]);
    expect(response.body.errors[2].fields.name).toEqual(["Name may not contain line breaks, tabs or other control characters."]);
    const rows = await importedNamed("Json");
    expect(rows.map((row) => [row.name, row.price, row.status]).sort()).toEqual([
      ["JsonA", "1.50", "draft"],
      ["JsonB", "2.25", "draft"],
    ]);
  });

  it("duplicate SKUs (in the file or already used) are row errors, not a failed import", async () => {
    await createProduct({ businessId: team.business.id, sku: "TAKEN-1" });
    const csv = "name,description,price,sku\nDupA,a,1,NEW-1\nDupB,b,1,NEW-1\nDupC,c,1,TAKEN-1\n";
    const response = await importFile(csv);
    expect(response.body.created).toBe(1);
    expect(response.body.errors).toEqual([
      { row: 2, fields: { sku: [expect.stringContaining("row 1")] } },
      { row: 3, fields: { sku: [expect.any(String)] } },
    ]);
  });

  it("SKUs differing only in case are duplicates too, in the file and against the business's products, each named", async () => {
    await createProduct({ businessId: team.business.id, sku: "CASED-1" });
    const csv = "name,description,price,sku\nCaseA,a,1,new-case-2\nCaseB,b,1,NEW-CASE-2\nCaseC,c,1,cased-1\n";
    const response = await importFile(csv);
    expect(response.body.created).toBe(1);
    expect(response.body.errors).toEqual([
      { row: 2, fields: { sku: [expect.stringMatching(/"NEW-CASE-2".*row 1.*"new-case-2"/)] } },
      { row: 3, fields: { sku: [expect.stringMatching(/"cased-1".*"CASED-1"/)] } },
    ]);
  });

  it("malformed JSON → 400 and nothing created", async () => {
    const before = (await importAudits()).length;
    const response = await importFile('[{"name": "Broken", ', { name: "broken.json", type: "application/json" });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_request");
    expect(await importedNamed("Broken")).toHaveLength(0);
    expect(await importAudits()).toHaveLength(before);
  });

  it("JSON that is not an array, an empty file, a CSV without a header, a broken quote, or another format → 400", async () => {
    const cases = [
      importFile('{"name": "x"}', { name: "one.json", type: "application/json" }),
      importFile("", { name: "empty.csv" }),
      importFile("Lamp,Light,1.00\n", { name: "noheader.csv" }),
      importFile('name,description,price\n"Lamp,Light,1.00\n', { name: "quote.csv" }),
      importFile("GIF89a....", { name: "image.gif", type: "image/gif" }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
    }
    // Not multipart at all: the body is of a type the endpoint does not take.
    const notMultipart = await callRoute(importRoute.POST, { token: editor, body: { file: "name,description,price" } });
    expect([notMultipart.status, notMultipart.body.error]).toEqual([415, "unsupported_media_type"]);
  });

  it("5001 rows → 413 and nothing created; 5000 rows are accepted", async () => {
    const rows = (count: number, prefix: string) =>
      ["name,description,price", ...Array.from({ length: count }, (_, i) => `${prefix}${i},Row ${i},1.00`)].join("\n");
    const tooMany = await importFile(rows(5001, "Over"));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toBe("payload_too_large");
    expect(await importedNamed("Over")).toHaveLength(0);
    const json = JSON.stringify(Array.from({ length: 5001 }, (_, i) => ({ name: `J${i}`, description: "d", price: "1" })));
    expect((await importFile(json, { name: "big.json", type: "application/json" })).status).toBe(413);

    const max = await importFile(rows(5000, "Max"));
    expect(max.status).toBe(200);
    expect(max.body).toMatchObject({ created: 5000, createdCategories: [], errors: [] });
    expect(max.body.ids).toHaveLength(5000);
    expect(await importedNamed("Max")).toHaveLength(5000);
  });

  it("a file over 5 MB → 413", async () => {
    const big = "name,description,price\n" + `Big,${"x".repeat(5 * 1024 * 1024)},1.00\n`;
    const response = await importFile(big);
    expect(response.status).toBe(413);
    expect(response.body.error).toBe("payload_too_large");
    expect(response.body.detail).toBe("The file is larger than 5 MB; split it into smaller files.");
  });

  it("viewer and approver → 403", async () => {
    for (const user of [team.viewer, team.approver]) {
      const response = await importFile("name,description,price\nNope,n,1\n", { token: await tokenFor(user) });
      expect(response.status).toBe(403);
      expect(response.body.error).toBe("forbidden");
    }
    expect(await importedNamed("Nope")).toHaveLength(0);
  });
});

describe("POST /api/products/import: categories and the created drafts", () => {
  it("reports the categories the file introduced (created in the same step) and the ids of the drafts it created", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    await createProduct({ businessId: team.business.id, category: `Known ${tag}` });
    const csv = [
      "name,description,price,category",
      `CatA ${tag},a,1.00,  Brand   new ${tag} `,
      `CatB ${tag},b,2.00,brand new ${tag.toUpperCase()}`,
      `CatC ${tag},c,3.00,known ${tag}`,
      `CatD ${tag},d,4.00,`,
      `CatBad ${tag},bad price,-1,Never made ${tag}`,
    ].join("\n");
    const response = await importFile(csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 4, createdCategories: [`Brand new ${tag}`], errors: [{ row: 5 }] });

    const rows = await importedNamed("Cat");
    const byName = new Map(rows.filter((row) => row.name.endsWith(tag)).map((row) => [row.name, row]));
    expect(response.body.ids).toEqual([`CatA ${tag}`, `CatB ${tag}`, `CatC ${tag}`, `CatD ${tag}`].map((name) => byName.get(name)!.id));
    // One spelling per category: the new one as first written (tidied), the known one as the business has it.
    expect([...byName.values()].map((row) => [row.name, row.category]).sort()).toEqual([
      [`CatA ${tag}`, `Brand new ${tag}`],
      [`CatB ${tag}`, `Brand new ${tag}`],
      [`CatC ${tag}`, `Known ${tag}`],
      [`CatD ${tag}`, null],
    ]);
    // A refused row creates nothing, its category included.
    const categories = await getDb().select({ name: productCategories.name }).from(productCategories).where(eq(productCategories.businessId, team.business.id));
    expect(categories.map((row) => row.name)).not.toContain(`Never made ${tag}`);
    expect((await importAudits()).at(-1)!.summary).toMatchObject({ createdCategories: [`Brand new ${tag}`], createdCategoryCount: 1 });

    // The same file again introduces nothing new.
    const again = await importFile(csv.replaceAll("Cat", "Again"));
    expect(again.body).toMatchObject({ created: 4, createdCategories: [] });
  });

  it("keeps categories whose case folds differently in JavaScript and in Postgres (Turkish İ, a final Greek Σ), and matches them in any case", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const csv = ["name,description,price,category", `Fold1 ${tag},a,1.00,İçecekler ${tag}`, `Fold2 ${tag},b,2.00,ΚΑΦΕΣ ${tag}`, `Fold3 ${tag},c,3.00,καφεσ ${tag}`].join("\n");
    const response = await importFile(csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 3, createdCategories: [`İçecekler ${tag}`, `ΚΑΦΕΣ ${tag}`], errors: [] });
    const rows = await importedNamed("Fold");
    expect(rows.filter((row) => row.name.endsWith(tag)).map((row) => [row.name, row.category]).sort()).toEqual([
      [`Fold1 ${tag}`, `İçecekler ${tag}`],
      [`Fold2 ${tag}`, `ΚΑΦΕΣ ${tag}`],
      [`Fold3 ${tag}`, `ΚΑΦΕΣ ${tag}`],
    ]);

    // A product written one at a time finds the same category.
    const created = await callRoute(productsRoute.POST, {
      token: editor,
      method: "POST",
      body: { name: `Fold4 ${tag}`, description: "d", price: "4.00", category: `İçecekler ${tag}` },
    });
    expect(created.status).toBe(201);
    expect(created.body.category).toBe(`İçecekler ${tag}`);
  });
});

describe("POST /api/products/import: the file's encoding", () => {
  it("a CSV saved by Excel on Windows (Windows-1252) imports with its accented letters intact", async () => {
    const form = new FormData();
    const bytes = Buffer.from("Name,Description,Price\nEncoding Cr\xe8me br\xfbl\xe9e,Caf\xe9 classic \x96 served cold,4.50\n", "latin1");
    form.append("file", new File([new Uint8Array(bytes)], "windows.csv", { type: "text/csv" }));
    const response = await callRoute(importRoute.POST, { token: editor, method: "POST", rawBody: form });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 1, errors: [] });
    expect((await importedNamed("Encoding")).map((row) => [row.name, row.description])).toEqual([["Encoding Crème brûlée", "Café classic – served cold"]]);
  });
});
