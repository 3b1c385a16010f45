import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "@/lib/http";
import { cellValue, detectFileKind, FILE_LIMITS, FileParseError, parseTabularFile, readTabularFile, summarizeFile, type FileChunk } from "./parse";

async function refusal(text: string, name = "file.csv"): Promise<FileParseError> {
  try {
    await parseTabularFile(text, name);
  } catch (error) {
    if (error instanceof FileParseError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("reading a customer's file", () => {
  it("profiles a 50,000-row CSV exactly: rows, columns, types, nulls, min and max", async () => {
    const lines = ["sku,name,price,stock,active,added"];
    for (let i = 1; i <= 50_000; i++) {
      const sku = i % 10 === 0 ? "" : `SKU-${i}`;
      lines.push(`${sku},Item ${i},${(i % 100) + 0.5},${i % 7},${i % 2 === 0},2024-01-${String((i % 28) + 1).padStart(2, "0")}`);
    }
    const parsed = await parseTabularFile(lines.join("\n"), "prices.csv");
    expect(parsed.kind).toBe("csv");
    expect(parsed.rows).toHaveLength(50_000);
    expect(parsed.rowCount).toBe(50_000);
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

  it("handles a UTF-8 BOM, the ; delimiter, quoted fields with newlines and quotes, and tabs", async () => {
    const semicolons = await parseTabularFile('\uFEFFname;note;price\n"Desk";"two\nlines, and ""quotes""";10,5\nLamp;;3\n', "list.csv");
    expect(semicolons.columns.map((c) => c.name)).toEqual(["name", "note", "price"]);
    expect(semicolons.rows).toEqual([
      { name: "Desk", note: 'two\nlines, and "quotes"', price: "10,5" },
      { name: "Lamp", note: null, price: "3" },
    ]);
    const tabs = await parseTabularFile("name\tprice\nDesk\t10\nLamp\t3\n", "list.tsv");
    expect(tabs.kind).toBe("tsv");
    expect(tabs.rows).toEqual([{ name: "Desk", price: 10 }, { name: "Lamp", price: 3 }]);
  });

  it("reads a JSON array of nested objects, flattening two levels, and an object holding the array", async () => {
    const items = [
      { id: 1, name: "Desk", address: { city: "Oslo", geo: { lat: 59.9 } }, tags: ["a", "b"] },
      { id: 2, name: "Lamp", address: { city: "Bergen" }, extra: true },
    ];
    const parsed = await parseTabularFile(JSON.stringify(items), "items.json");
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
    const wrapped = await parseTabularFile(JSON.stringify({ count: 2, products: items }), "export.txt");
    expect(wrapped.rows).toHaveLength(2);
  });

  it("detects the kind from the content, not only the name", async () => {
    expect(detectFileKind('[{"a":1}]', "data.csv")).toBe("json");
    expect(detectFileKind("a\tb\n1\t2", "data.csv")).toBe("tsv");
    expect(detectFileKind("a;b\n1;2", "data.json")).toBe("csv");
    // A spreadsheet's "Text (Tab delimited)" and "CSV" exports, both named .txt.
    expect(detectFileKind("Date\tAmount\n2024-01-31\t12.5", "orders.txt")).toBe("tsv");
    expect(detectFileKind("Date,Amount\n2024-01-31,12.5", "orders.txt")).toBe("csv");
  });

  it("reads a CSV whose first header is in brackets as the CSV its name says, not as broken JSON", async () => {
    const parsed = await parseTabularFile("[Date],[Amount]\n2024-01-31,12.5\n", "export.csv");
    expect(parsed.kind).toBe("csv");
    expect(parsed.rows).toEqual([{ "[Date]": "2024-01-31", "[Amount]": 12.5 }]);
    expect((await parseTabularFile("{id}\t{name}\n1\tDesk\n", "Unicode.txt")).kind).toBe("tsv");
    // Without such a name, or when it is JSON after all, the content decides.
    expect((await refusal("[Date],[Amount]\n2024-01-31,12.5\n", "export")).reason).toBe("The file is not valid JSON.");
    expect((await parseTabularFile('[{"a": 1}]', "data.csv")).kind).toBe("json");
  });

  it("refuses a .json file holding a single value as JSON, instead of reading it as a CSV with no rows", async () => {
    for (const scalar of ["42", '"a price list"', "true", "null"]) {
      expect((await refusal(scalar, "prices.json")).reason).toBe("The JSON must be an array of objects, or an object holding one.");
    }
    expect((await parseTabularFile("42\n7", "numbers.csv")).rows).toEqual([{ "42": 7 }]);
  });

  it("refuses a broken row in the middle, naming it, and anything beyond the limits", async () => {
    const rows = ["name,price", ...Array.from({ length: 1000 }, (_, i) => (i === 499 ? "Broken,1,extra" : `Item ${i},1`))];
    const broken = await refusal(rows.join("\n"));
    expect(broken.row).toBe(500);
    expect(broken.message).toMatch(/^Row 500: expected 2 fields, found 3\./);
    expect((await refusal('name,note\nDesk,"never closed\nLamp,x')).reason).toBe("a quoted field is never closed.");
    // Closed, but with a quote inside it that is not doubled: the reason says so.
    const stray = await refusal('name,note\nDesk,ok\nMonitor,"27" wide"\n');
    expect([stray.row, stray.reason]).toEqual([2, 'a quoted field holds a quote that is not doubled (write "" for a quote inside quotes).']);
    expect((await refusal(["a", ...Array.from({ length: FILE_LIMITS.maxRows + 1 }, () => "1")].join("\n"))).row).toBe(FILE_LIMITS.maxRows + 1);
    expect((await refusal(Array.from({ length: FILE_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(","))).row).toBe(0);
    const longCell = await refusal(`name\n${"x".repeat(FILE_LIMITS.maxCellBytes + 1)}`);
    expect([longCell.row, longCell.reason]).toEqual([1, "the value of “name” is longer than 32 KB."]);
    expect((await refusal('{"a": 1}', "x.json")).reason).toMatch(/array of objects/);
    expect((await refusal("[1, 2]", "x.json")).row).toBe(1);
    expect((await refusal("{not json", "x.json")).reason).toMatch(/not valid JSON/);
    expect((await refusal("", "x.csv")).reason).toMatch(/empty/);
    expect((await refusal(`a\n${"x".repeat(FILE_LIMITS.maxBytes)}`)).reason).toBe("The file is larger than 10 MB.");
    // What Postgres cannot store is refused with its row, never a database error.
    expect((await refusal("name\nDesk\nLa\u0000mp")).row).toBe(2);
    expect((await refusal('[{"name": "ok"}, {"name": "\\ud800"}]', "x.json")).row).toBe(2);
    expect((await refusal("na\u0000me\nDesk")).row).toBe(0);
  });

  it("names blank and repeated headers apart, and summarises the file", async () => {
    const parsed = await parseTabularFile("name,,name\nDesk,1,2\n");
    expect(parsed.columns.map((c) => c.name)).toEqual(["name", "column_2", "name_2"]);
    // A JSON key that is empty or blank is named the same way, its value kept under that name.
    const keys = await parseTabularFile(JSON.stringify([{ "": 1, " ": 2, column_1: 3, a: { "": 4 } }]), "keys.json");
    expect(keys.columns.map((c) => c.name)).toEqual(["column_1", "column_2", "column_1_2", "a."]);
    expect(keys.rows[0]).toEqual({ column_1: 1, column_2: 2, column_1_2: 3, "a.": 4 });
    // A repeat never takes a name the file already uses, nor the key a query's rows carry their number under.
    const crowded = await parseTabularFile("a,a_2,a,_row\n1,2,3,4\n");
    expect(crowded.columns.map((c) => c.name)).toEqual(["a", "a_2", "a_3", "_row_2"]);
    expect(crowded.rows[0]).toEqual({ a: 1, a_2: 2, a_3: 3, _row_2: 4 });
    const longest = "n".repeat(FILE_LIMITS.maxColumnNameChars);
    const cut = await parseTabularFile(`${longest},${longest}\n1,2\n`);
    expect(cut.columns.map((c) => c.name)).toEqual([longest, `${"n".repeat(FILE_LIMITS.maxColumnNameChars - 2)}_2`]);
    expect(summarizeFile("supplier_price-list.csv", await parseTabularFile("sku,name,price\nA,Desk,1\nB,Lamp,2\n"))).toBe(
      "supplier price list, 2 rows, 3 columns: sku, name, price",
    );
  });

  it("hands over the records in chunks, in order, as it reads, quoted newlines across slices of text included", async () => {
    // ~3.5 MB: papaparse reads it in 1 MB slices, so quoted fields straddle the slice boundaries.
    const lines = ["id,note,price"];
    for (let i = 1; i <= 60_000; i++) lines.push(`${i},"line one of ${i}\nline two, with a comma",${i % 2 === 0 ? "" : ` ${i}.50 `}`);
    const chunks: FileChunk[] = [];
    let readWhileParsing = 0;
    const pending = readTabularFile(lines.join("\n"), "notes.csv", {
      chunkRows: 7_000,
      onChunk: (chunk) => chunks.push(chunk),
    });
    // Chunks arrive before the whole text is read: the reader yields to the event loop between slices.
    await new Promise((resolve) => setImmediate(resolve));
    readWhileParsing = chunks.length;
    const reading = await pending;
    expect(readWhileParsing).toBeGreaterThan(0);
    expect(readWhileParsing).toBeLessThan(chunks.length);
    expect(reading.rowCount).toBe(60_000);
    expect(chunks.map((chunk) => [chunk.firstRow, chunk.cells[0]!.length])).toEqual([
      ...Array.from({ length: 8 }, (_, index) => [index * 7_000 + 1, 7_000]),
      [56_001, 4_000],
    ]);
    const ids = chunks.flatMap((chunk) => chunk.cells[0]!);
    expect(ids).toEqual(Array.from({ length: 60_000 }, (_, index) => String(index + 1)));
    expect(chunks[3]!.cells[1]![4]).toBe("line one of 21005\nline two, with a comma");
    // Cells keep the file's own text; the column's type reads it.
    expect(chunks[0]!.cells[2]!.slice(0, 2)).toEqual([" 1.50 ", null]);
    expect(reading.columns[2]).toEqual({ name: "price", type: "number", nulls: 30_000, min: 1.5, max: 59_999.5 });
    expect(cellValue("number", " 1.50 ")).toBe(1.5);
  });

  it("reads a cell as its column's type", () => {
    expect(cellValue("integer", " 42 ")).toBe(42);
    expect(cellValue("boolean", " TRUE ")).toBe(true);
    expect(cellValue("boolean", "false")).toBe(false);
    expect(cellValue("date", " 2024-01-31 ")).toBe("2024-01-31");
    expect(cellValue("text", " keeps its spaces ")).toBe(" keeps its spaces ");
    expect(cellValue("number", null)).toBeNull();
  });

  it("reads dates written \"1/31/2024\" or \"31.01.2024\" in the order a cell tells, days the calendar has only", async () => {
    const parsed = await parseTabularFile(
      "us,uk,leap,notLeap,withTime,unclear\n1/31/2024,31/1/2024,2/29/2024,2/29/2023,1/31/2024 13:45,3/4/2024\n12/1/2023,1/12/2023,,1/31/2023,,4/3/2024\n",
      "dates.csv",
    );
    expect(parsed.columns).toEqual([
      { name: "us", type: "date", nulls: 0, min: "2023-12-01", max: "2024-01-31", dateOrder: "mdy" },
      { name: "uk", type: "date", nulls: 0, min: "2023-12-01", max: "2024-01-31", dateOrder: "dmy" },
      // One cell is no proof of the order, but 29 cannot be a month.
      { name: "leap", type: "date", nulls: 1, min: "2024-02-29", max: "2024-02-29", dateOrder: "mdy" },
      // 2023 has no 29 February, nor a 29th month: text.
      { name: "notLeap", type: "text", nulls: 0 },
      { name: "withTime", type: "text", nulls: 1 },
      { name: "unclear", type: "text", nulls: 0 },
    ]);
    // Read back as written.
    expect(parsed.rows[0]).toMatchObject({ us: "1/31/2024", uk: "31/1/2024", unclear: "3/4/2024" });
  });

  it("skips lines of blanks, before the header and between records", async () => {
    const parsed = await parseTabularFile("  \n\nname,price\nDesk,10\n , \n\t\nLamp,3\n,\n", "list.csv");
    expect(parsed.rows).toEqual([{ name: "Desk", price: 10 }, { name: "Lamp", price: 3 }]);
  });

  it("reads a number padded with Unicode spaces as that number, stored trimmed so Postgres's numeric reads it too", async () => {
    const chunks: FileChunk[] = [];
    const reading = await readTabularFile("price,note\n12\u00a0,x\n 3.5 ,\u00a0y\n", "prices.csv", { chunkRows: 10, onChunk: (chunk) => chunks.push(chunk) });
    expect(reading.columns[0]).toEqual({ name: "price", type: "number", nulls: 0, min: 3.5, max: 12 });
    expect(chunks[0]!.cells).toEqual([
      ["12", " 3.5 "],
      ["x", "\u00a0y"],
    ]);
  });

  it("types as text a number Postgres's numeric cannot hold, and a long run of digits in linear time", async () => {
    const parsed = await parseTabularFile(`a,b,c,d\n1e-1000000,0.${"0".repeat(1_000)}1,1e999,0.${"0".repeat(999)}1\n`);
    expect(parsed.columns.map((column) => column.type)).toEqual(["text", "text", "text", "number"]);
    const started = performance.now();
    const digits = await parseTabularFile(["a", ...Array.from({ length: 20 }, () => `${"1".repeat(FILE_LIMITS.maxCellBytes - 1)}x`)].join("\n"));
    expect(digits.columns[0]!.type).toBe("text");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("types as text a column of numbers with more digits than a JavaScript number keeps, so an order id reads back as written", async () => {
    const ids = await parseTabularFile("order_id,total\n12345678901234567891,5\n12345678901234567892,6\n");
    expect(ids.columns[0]).toEqual({ name: "order_id", type: "text", nulls: 0 });
    expect(ids.rows.map((row) => row.order_id)).toEqual(["12345678901234567891", "12345678901234567892"]);
    // Many digits that a number does keep (padding zeros, a JSON file's float noise) stay numbers.
    const kept = await parseTabularFile("a,b,c\n0.30000000000000004,000000000000000012.50,1234567890.12345\n12345678901234567000,1.500000000000000000000,-1e3\n");
    expect(kept.columns.map((column) => column.type)).toEqual(["number", "number", "number"]);
    expect(kept.rows[0]).toEqual({ a: 0.30000000000000004, b: 12.5, c: 1234567890.12345 });
    const json = await parseTabularFile(JSON.stringify([{ price: 0.1 + 0.2 }, { price: 19.9 }]), "prices.json");
    expect(json.columns[0]!.type).toBe("number");
  });

  it("keeps a JSON file's long numeric ids as written: two ids a double would merge stay two, as text, also inside nested values", async () => {
    const file = await parseTabularFile(
      '[{"order_id":12345678901234567891,"total":5,"lines":[12345678901234567891,1.5]},{"order_id":12345678901234567892,"total":6,"lines":[]}]',
      "orders.json",
    );
    expect(file.columns.map((column) => [column.name, column.type])).toEqual([
      ["order_id", "text"],
      ["total", "integer"],
      ["lines", "text"],
    ]);
    expect(file.rows.map((row) => row.order_id)).toEqual(["12345678901234567891", "12345678901234567892"]);
    expect(file.rows[0]!.lines).toBe("[12345678901234567891,1.5]");
    expect(file.rows[0]!.total).toBe(5);
  });

  it("refuses a JSON object that gives a key twice with different values, naming the key", async () => {
    const refused = await refusal('[{"sku":"A-1","price":5,"price":6}]', "prices.json");
    expect(refused.message).toBe("An object in the file has the key “price” twice, with different values.");
    // The same value twice is no contradiction.
    expect((await parseTabularFile('[{"sku":"A-1","price":5,"price":5}]', "prices.json")).rows).toEqual([{ sku: "A-1", price: 5 }]);
  });

  it(`refuses a JSON record nested deeper than ${MAX_JSON_DEPTH} levels, naming it, however deep, and keeps one at the limit as text`, async () => {
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const tooDeep = await refusal(`[{"a": 1}, {"a": ${nested(200_000)}}]`, "x.json");
    expect([tooDeep.row, tooDeep.reason]).toEqual([2, `the item nests deeper than ${MAX_JSON_DEPTH} levels.`]);
    expect((await refusal(`{"items": [{"a": {"b": ${nested(MAX_JSON_DEPTH - 1)}}}]}`, "x.json")).row).toBe(1);
    const atLimit = await parseTabularFile(`[{"a": {"b": ${nested(MAX_JSON_DEPTH - 2)}}}]`, "x.json");
    expect(atLimit.rows).toEqual([{ "a.b": nested(MAX_JSON_DEPTH - 2) }]);
  });

  it("reads JSON keys named like Object's own properties as columns, and never fills a missing one from them", async () => {
    const parsed = await parseTabularFile('[{"a": 1}, {"toString": "x", "__proto__": 5, "constructor": null}]', "x.json");
    expect(parsed.columns.map((column) => column.name)).toEqual(["a", "toString", "__proto__", "constructor"]);
    expect(parsed.rows.map((row) => ({ ...row }))).toEqual([
      { a: 1, toString: null, ["__proto__"]: null, constructor: null },
      { a: null, toString: "x", ["__proto__"]: 5, constructor: null },
    ]);
  });

  it(`refuses a column name longer than ${FILE_LIMITS.maxColumnNameChars} characters, in a CSV header or a JSON key, naming where`, async () => {
    const long = "x".repeat(FILE_LIMITS.maxColumnNameChars + 1);
    const header = await refusal(`sku,${long}\nA,1\n`);
    expect(header.row).toBe(0);
    expect(header.reason).toBe(`the column name “${"x".repeat(40)}…” is longer than ${FILE_LIMITS.maxColumnNameChars} characters.`);
    // Nested keys are joined with dots: the joined name is what counts.
    const key = await refusal(JSON.stringify([{ a: 1 }, { a: 2, outer: { [long.slice(6)]: 3 } }]), "x.json");
    expect(key.row).toBe(2);
    expect(key.reason).toContain(`is longer than ${FILE_LIMITS.maxColumnNameChars} characters.`);
    // A header that is one long word, as long as the file may be: refused the same way, at once.
    expect((await refusal(`${"a".repeat(1_000_000)}\n1\n`)).row).toBe(0);
    // At the limit it is a column like any other.
    expect((await parseTabularFile(`${long.slice(1)}\n1\n`)).columns[0]!.name).toHaveLength(FILE_LIMITS.maxColumnNameChars);
  });

  it("refuses JSON records without a single field", async () => {
    expect((await refusal("[{}, {}]", "x.json")).reason).toMatch(/no fields/);
  });

  it("refuses a record whose dotted key and nested key would be one column, rather than keep one value of the two", async () => {
    const clash = await refusal(JSON.stringify([{ id: 1, "price.usd": 10 }, { id: 2, "price.usd": 12, price: { usd: 11 } }]), "prices.json");
    expect(clash.row).toBe(2);
    expect(clash.reason).toBe("two keys would both be the column “price.usd”: one with a dot in its name, and one inside an object. Rename one of them.");
    // Across records they are one column, as a query names it.
    const apart = await parseTabularFile(JSON.stringify([{ "price.usd": 10 }, { price: { usd: 11 } }]), "prices.json");
    expect(apart.rows).toEqual([{ "price.usd": 10 }, { "price.usd": 11 }]);
  });
});
