import { describe, expect, it } from "vitest";
import { detectFileKind, FILE_LIMITS, FileParseError, parseTabularFile, summarizeFile } from "./parse";

function refusal(text: string, name = "file.csv"): FileParseError {
  try {
    parseTabularFile(text, name);
  } catch (error) {
    if (error instanceof FileParseError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("reading a customer's file", () => {
  it("profiles a 50,000-row CSV exactly: rows, columns, types, nulls, min and max", () => {
    const lines = ["sku,name,price,stock,active,added"];
    for (let i = 1; i <= 50_000; i++) {
      const sku = i % 10 === 0 ? "" : `SKU-${i}`;
      lines.push(`${sku},Item ${i},${(i % 100) + 0.5},${i % 7},${i % 2 === 0},2024-01-${String((i % 28) + 1).padStart(2, "0")}`);
    }
    const parsed = parseTabularFile(lines.join("\n"), "prices.csv");
    expect(parsed.kind).toBe("csv");
    expect(parsed.rows).toHaveLength(50_000);
    expect(parsed.columns).toEqual([
      { name: "sku", type: "text", nulls: 5_000 },
      { name: "name", type: "text", nulls: 0 },
      { name: "price", type: "number", nulls: 0, min: 0.5, max: 99.5 },
      { name: "stock", type: "integer", nulls: 0, min: 0, max: 6 },
      { name: "active", type: "boolean", nulls: 0 },
      { name: "added", type: "date", nulls: 0, min: "2024-01-01", max: "2024-01-28" },
    ]);
    expect(parsed.rows[9]).toEqual({ sku: null, name: "Item 10", price: 10.5, stock: 3, active: true, added: "2024-01-11" });
  });

  it("handles a UTF-8 BOM, the ; delimiter, quoted fields with newlines and quotes, and tabs", () => {
    const semicolons = parseTabularFile('\uFEFFname;note;price\n"Desk";"two\nlines, and ""quotes""";10,5\nLamp;;3\n', "list.csv");
    expect(semicolons.columns.map((c) => c.name)).toEqual(["name", "note", "price"]);
    expect(semicolons.rows).toEqual([
      { name: "Desk", note: 'two\nlines, and "quotes"', price: "10,5" },
      { name: "Lamp", note: null, price: "3" },
    ]);
    const tabs = parseTabularFile("name\tprice\nDesk\t10\nLamp\t3\n", "list.tsv");
    expect(tabs.kind).toBe("tsv");
    expect(tabs.rows).toEqual([{ name: "Desk", price: 10 }, { name: "Lamp", price: 3 }]);
  });

  it("reads a JSON array of nested objects, flattening two levels, and an object holding the array", () => {
    const items = [
      { id: 1, name: "Desk", address: { city: "Oslo", geo: { lat: 59.9 } }, tags: ["a", "b"] },
      { id: 2, name: "Lamp", address: { city: "Bergen" }, extra: true },
    ];
    const parsed = parseTabularFile(JSON.stringify(items), "items.json");
    expect(parsed.kind).toBe("json");
    expect(parsed.columns.map((c) => [c.name, c.type, c.nulls])).toEqual([
      ["id", "integer", 0],
      ["name", "text", 0],
      ["address.city", "text", 0],
      ["address.geo", "text", 1],
      ["tags", "text", 1],
      ["extra", "boolean", 1],
    ]);
    expect(parsed.rows[0]).toMatchObject({ "address.city": "Oslo", "address.geo": '{"lat":59.9}', tags: '["a","b"]' });
    const wrapped = parseTabularFile(JSON.stringify({ count: 2, products: items }), "export.txt");
    expect(wrapped.rows).toHaveLength(2);
  });

  it("detects the kind from the content, not only the name", () => {
    expect(detectFileKind('[{"a":1}]', "data.csv")).toBe("json");
    expect(detectFileKind("a\tb\n1\t2", "data.csv")).toBe("tsv");
    expect(detectFileKind("a;b\n1;2", "data.json")).toBe("csv");
  });

  it("refuses a broken row in the middle, naming it, and anything beyond the limits", () => {
    const rows = ["name,price", ...Array.from({ length: 1000 }, (_, i) => (i === 499 ? "Broken,1,extra" : `Item ${i},1`))];
    const broken = refusal(rows.join("\n"));
    expect(broken.row).toBe(500);
    expect(broken.message).toMatch(/^Row 500: expected 2 fields, found 3\./);
    expect(refusal('name,note\nDesk,"never closed\nLamp,x').reason).toMatch(/quoted field/);
    expect(refusal(["a", ...Array.from({ length: FILE_LIMITS.maxRows + 1 }, () => "1")].join("\n")).row).toBe(FILE_LIMITS.maxRows + 1);
    expect(refusal(Array.from({ length: FILE_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(",")).row).toBe(0);
    const longCell = refusal(`name\n${"x".repeat(FILE_LIMITS.maxCellBytes + 1)}`);
    expect([longCell.row, longCell.reason]).toEqual([1, "the value of “name” is longer than 32 KB."]);
    expect(refusal('{"a": 1}', "x.json").reason).toMatch(/array of objects/);
    expect(refusal("[1, 2]", "x.json").row).toBe(1);
    expect(refusal("{not json", "x.json").reason).toMatch(/not valid JSON/);
    expect(refusal("", "x.csv").reason).toMatch(/empty/);
    // What Postgres cannot store is refused with its row, never a database error.
    expect(refusal("name\nDesk\nLa\u0000mp").row).toBe(2);
    expect(refusal('[{"name": "ok"}, {"name": "\\ud800"}]', "x.json").row).toBe(2);
    expect(refusal("na\u0000me\nDesk").row).toBe(0);
  });

  it("names blank and repeated headers apart, and summarises the file", () => {
    const parsed = parseTabularFile("name,,name\nDesk,1,2\n");
    expect(parsed.columns.map((c) => c.name)).toEqual(["name", "column_2", "name_2"]);
    expect(summarizeFile("supplier_price-list.csv", parseTabularFile("sku,name,price\nA,Desk,1\nB,Lamp,2\n"))).toBe(
      "supplier price list, 2 rows, 3 columns: sku, name, price",
    );
  });
});
