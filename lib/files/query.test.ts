import { eq, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { chatFileColumns, chatSessions, type ChatFile } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createBusiness, createTeam, createUser } from "@/test/factories";
import { storeChatFile } from "./service";
import {
  aggregateFileRows,
  compileFileQuery,
  fileAggregateSchema,
  fileQuerySchema,
  queryFileRows,
  type FileAggregate,
  type FileQuery,
} from "./query";

const PRODUCTS = `sku,name,category,price,stock,added,active
LMP-001,Desk Lamp,Lighting,19.99,10,2024-01-05,true
LMP-002,Floor Lamp,Lighting,49.50,4,2024-02-10,true
,Pendant Light,Lighting,89.00,0,2024-03-15,false
FUR-001,Oak Chair,Furniture,120.00,7,2023-11-20,true
FUR-002,Walnut Table,Furniture,350.25,2,2024-04-01,false
,Bookshelf,Furniture,210.00,5,2023-12-31,true
FUR-003,Sofa,Furniture,899.99,1,2024-05-05,true
OFF-001,Stapler,Office,7.25,40,2024-01-20,true
OFF-002,Cable_Tidy,Office,12.00,25,2024-02-29,false
OFF-003,50% Off Pen Set,Office,5.50,100,2024-06-01,true
,Desk Organizer,Office,15.75,0,,true
OFF-004,Lamp Oil,Office,3.10,,2024-03-01,
`;

// The same column names holding other types: a numeric cast applied to these records would fail.
const OTHER = `sku,name,category,price,stock,added,active
X-1,Desk Lamp,Lighting,n/a,many,soon,maybe
X-2,Other Lamp,Office,free,none,later,no
`;

async function attach(businessId: string, userId: string, name: string, text: string): Promise<ChatFile> {
  const db = getDb();
  const [session] = await db.insert(chatSessions).values({ businessId, userId, title: "x" }).returning();
  return transaction((tx) => storeChatFile(tx, { businessId, sessionId: session!.id, uploadedBy: userId, name, sizeBytes: Buffer.byteLength(text), text }));
}

let file: ChatFile;
let weird: ChatFile;

beforeAll(async () => {
  const team = await createTeam();
  file = await attach(team.business.id, team.admin.id, "products.csv", PRODUCTS);
  await attach(team.business.id, team.admin.id, "other.csv", OTHER);
  const elsewhere = await createBusiness();
  const stranger = await createUser({ businessId: elsewhere.id, role: "admin" });
  await attach(elsewhere.id, stranger.id, "products.csv", PRODUCTS);
  await attach(elsewhere.id, stranger.id, "other.csv", OTHER);
  weird = await attach(
    team.business.id,
    team.admin.id,
    "weird.json",
    JSON.stringify([
      { "it's \"odd\"; --": "a", "50%": 1 },
      { "it's \"odd\"; --": "b", "50%": 2 },
    ]),
  );
});

async function query(input: Record<string, unknown>, target = () => file) {
  return queryFileRows(getDb(), { file: target(), query: fileQuerySchema.parse(input) as FileQuery });
}

async function rowsOf(input: Record<string, unknown>): Promise<number[]> {
  const { results } = await query({ limit: 500, ...input });
  return results.map((row) => row._row as number);
}

async function aggregate(input: Record<string, unknown>) {
  return (await aggregateFileRows(getDb(), { file, aggregate: fileAggregateSchema.parse(input) as FileAggregate })).results;
}

async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  const error = await work().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("invalid_request");
  expect((error as AppError).status).toBe(400);
  return error as AppError;
}

const where = (column: string, op: string, value?: unknown) => ({ where: [{ column, op, ...(value === undefined ? {} : { value }) }] });

describe("fileQuerySchema and fileAggregateSchema", () => {
  it("fills the defaults and trims the search", () => {
    expect(fileQuerySchema.parse({})).toEqual({ limit: 50, offset: 0 });
    expect(fileQuerySchema.parse({ q: "  lamp ", orderBy: { column: "price" } })).toMatchObject({ q: "lamp", orderBy: { column: "price", direction: "asc" } });
    expect(fileAggregateSchema.parse({ fn: "count" })).toEqual({ fn: "count", direction: "desc", limit: 100 });
  });

  it("refuses out-of-range input with a message on the field", () => {
    const issues = (input: unknown, schema: typeof fileQuerySchema | typeof fileAggregateSchema = fileQuerySchema) =>
      schema.safeParse(input).error?.issues.map((issue) => issue.path.join("."));
    expect(issues({ limit: 501 })).toEqual(["limit"]);
    expect(issues({ limit: 0 })).toEqual(["limit"]);
    expect(issues({ offset: -1 })).toEqual(["offset"]);
    expect(issues({ offset: 1_000_001 })).toEqual(["offset"]);
    expect(issues({ q: "   " })).toEqual(["q"]);
    expect(issues({ q: "x".repeat(201) })).toEqual(["q"]);
    expect(issues({ where: [{ column: "a", op: "like" }] })).toEqual(["where.0.op"]);
    expect(issues({ where: [{ column: "a", op: "eq", value: "x".repeat(1001) }] })).toEqual(["where.0.value"]);
    expect(issues({ where: Array.from({ length: 21 }, () => ({ column: "a", op: "empty" })) })).toEqual(["where"]);
    expect(issues({ columns: Array.from({ length: 201 }, () => "a") })).toEqual(["columns"]);
    expect(issues({ orderBy: { column: "a", direction: "up" } })).toEqual(["orderBy.direction"]);
    expect(issues({ fn: "sum" }, fileAggregateSchema)).toEqual(["column"]);
    expect(issues({ fn: "median", column: "price" }, fileAggregateSchema)).toEqual(["fn"]);
  });
});

describe("compileFileQuery", () => {
  it("binds column names and values as parameters, never as SQL text", () => {
    const name = "it's \"odd\"; --";
    const compiled = compileFileQuery(weird, fileQuerySchema.parse({ where: [{ column: name, op: "eq", value: "' or 1=1 --" }], orderBy: { column: "50%" } }));
    const rendered = new PgDialect().sqlToQuery(sql`${compiled.where} ${compiled.orderBy![0]}`);
    expect(rendered.sql).not.toContain("odd");
    expect(rendered.sql).not.toContain("1=1");
    expect(rendered.sql).not.toContain("50%");
    // The value is bound; the column names never reach SQL at all: a column is read by its index in the file.
    expect(rendered.params).toEqual(["' or 1=1 --"]);
    expect(compiled.slots.map((slot) => weird.columns[slot.position]!.name)).toEqual([name, "50%"]);
  });
});

describe("queryFileRows: operators by type", () => {
  it("compares numbers numerically, with numeric strings accepted", async () => {
    expect(await rowsOf(where("price", "eq", 12))).toEqual([9]);
    expect(await rowsOf(where("price", "eq", "89"))).toEqual([3]);
    expect(await rowsOf(where("price", "neq", 12))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]);
    expect(await rowsOf(where("price", "lt", 10))).toEqual([8, 10, 12]);
    expect(await rowsOf(where("price", "lte", 12))).toEqual([8, 9, 10, 12]);
    expect(await rowsOf(where("price", "gt", 300))).toEqual([5, 7]);
    expect(await rowsOf(where("price", "gte", 350.25))).toEqual([5, 7]);
  });

  it("compares integers, neq keeping records without a value, and empty either way", async () => {
    expect(await rowsOf(where("stock", "eq", 0))).toEqual([3, 11]);
    expect(await rowsOf(where("stock", "neq", 0))).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(await rowsOf(where("stock", "lt", 2))).toEqual([3, 7, 11]);
    expect(await rowsOf(where("stock", "gt", 30))).toEqual([8, 10]);
    expect(await rowsOf(where("stock", "empty"))).toEqual([12]);
    expect(await rowsOf(where("stock", "empty", false))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await rowsOf(where("stock", "eq", null))).toEqual([12]);
    expect(await rowsOf(where("stock", "neq", null))).toHaveLength(11);
  });

  it("compares dates in ISO order", async () => {
    expect(await rowsOf(where("added", "lt", "2024-01-01"))).toEqual([4, 6]);
    expect(await rowsOf(where("added", "gte", "2024-05-01"))).toEqual([7, 10]);
    expect(await rowsOf(where("added", "lte", "2024-01-05"))).toEqual([1, 4, 6]);
    expect(await rowsOf(where("added", "eq", "2024-02-29"))).toEqual([9]);
    expect(await rowsOf(where("added", "empty"))).toEqual([11]);
  });

  it("compares a day with the records of a column holding times by their day: on, before, after", async () => {
    const orders = await attach(
      file.businessId,
      file.uploadedBy!,
      "orders.csv",
      "order,placed\nA,2024-01-30 23:59:59\nB,2024-01-31 09:15:00\nC,2024-01-31T18:40\nD,2024-02-01 00:00:01\n",
    );
    const days = async (op: string, value: string) => (await query({ limit: 500, ...where("placed", op, value) }, () => orders)).results.map((row) => row.order);
    expect(orders.columns[1]).toMatchObject({ name: "placed", type: "date" });
    expect(await days("eq", "2024-01-31")).toEqual(["B", "C"]);
    expect(await days("neq", "2024-01-31")).toEqual(["A", "D"]);
    expect(await days("lt", "2024-01-31")).toEqual(["A"]);
    expect(await days("lte", "2024-01-31")).toEqual(["A", "B", "C"]);
    expect(await days("gt", "2024-01-31")).toEqual(["D"]);
    expect(await days("gte", "2024-01-31")).toEqual(["B", "C", "D"]);
    // A time compares the whole value.
    expect(await days("gt", "2024-01-31 12:00")).toEqual(["C", "D"]);
  });

  it("compares booleans by eq and neq", async () => {
    expect(await rowsOf(where("active", "eq", true))).toEqual([1, 2, 4, 6, 7, 8, 10, 11]);
    expect(await rowsOf(where("active", "eq", "false"))).toEqual([3, 5, 9]);
    expect(await rowsOf(where("active", "neq", true))).toEqual([3, 5, 9, 12]);
    expect(await rowsOf(where("active", "empty"))).toEqual([12]);
  });

  it("compares text exactly and by order, and contains case-insensitively with % and _ literal", async () => {
    expect(await rowsOf(where("name", "eq", "Desk Lamp"))).toEqual([1]);
    expect(await rowsOf(where("name", "eq", "desk lamp"))).toEqual([]);
    expect(await rowsOf(where("category", "neq", "Office"))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await rowsOf(where("category", "lt", "G"))).toEqual([4, 5, 6, 7]);
    expect(await rowsOf(where("category", "gte", "Office"))).toEqual([8, 9, 10, 11, 12]);
    expect(await rowsOf(where("name", "contains", "lamp"))).toEqual([1, 2, 12]);
    expect(await rowsOf(where("name", "contains", "%"))).toEqual([10]);
    expect(await rowsOf(where("name", "contains", "_"))).toEqual([9]);
    expect(await rowsOf(where("price", "contains", "99"))).toEqual([1, 7]);
    expect(await rowsOf(where("sku", "empty"))).toEqual([3, 6, 11]);
  });

  it("compares, orders and groups text without the spaces a file wrote around it (\"a, b\"), and returns it as written", async () => {
    const padded = await attach(file.businessId, file.uploadedBy!, "padded.csv", "name, category, price\nDesk Lamp, Lighting, 24.50\nStapler, Office, 7\nFloor Lamp,Lighting , 89\n");
    const ask = (input: Record<string, unknown>) => query({ limit: 500, ...input }, () => padded);
    const lighting = await ask(where("category", "eq", "Lighting"));
    expect(lighting.results.map((row) => [row._row, row.category])).toEqual([
      [1, " Lighting"],
      [3, "Lighting "],
    ]);
    expect((await ask(where("category", "eq", " Lighting  "))).count).toBe(2);
    expect((await ask(where("category", "neq", "Lighting"))).results.map((row) => row._row)).toEqual([2]);
    expect((await ask({ orderBy: { column: "category" } })).results.map((row) => row._row)).toEqual([1, 3, 2]);
    const groups = await aggregateFileRows(getDb(), { file: padded, aggregate: fileAggregateSchema.parse({ fn: "sum", column: "price", groupBy: "category" }) });
    expect(groups.results).toEqual([
      { group: "Lighting", value: 113.5, rows: 2 },
      { group: "Office", value: 7, rows: 1 },
    ]);
  });

  it("ANDs conditions and ORs q over the text columns", async () => {
    expect(await rowsOf({ where: [{ column: "category", op: "eq", value: "Office" }, { column: "stock", op: "gte", value: 25 }] })).toEqual([8, 9, 10]);
    expect(await rowsOf({ q: "lamp" })).toEqual([1, 2, 12]);
    expect(await rowsOf({ q: "LMP" })).toEqual([1, 2]);
    expect(await rowsOf({ q: "office" })).toEqual([8, 9, 10, 11, 12]);
    expect(await rowsOf({ q: "lamp", ...where("stock", "gt", 5) })).toEqual([1]);
    expect(await rowsOf({ q: "no such thing" })).toEqual([]);
  });
});

describe("queryFileRows: order, paging and columns", () => {
  it("orders by the column's type, nulls last either way, ties by row number", async () => {
    expect(await rowsOf({ orderBy: { column: "price" } })).toEqual([12, 10, 8, 9, 11, 1, 2, 3, 4, 6, 5, 7]);
    expect(await rowsOf({ orderBy: { column: "price", direction: "desc" } })).toEqual([7, 5, 6, 4, 3, 2, 1, 11, 9, 8, 10, 12]);
    expect(await rowsOf({ orderBy: { column: "stock" } })).toEqual([3, 11, 7, 5, 2, 6, 4, 1, 9, 8, 10, 12]);
    expect(await rowsOf({ orderBy: { column: "stock", direction: "desc" } })).toEqual([10, 8, 9, 1, 4, 6, 2, 5, 7, 3, 11, 12]);
    expect(await rowsOf({ orderBy: { column: "added", direction: "desc" } })).toEqual([10, 7, 5, 3, 12, 9, 2, 8, 1, 6, 4, 11]);
    expect(await rowsOf({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("pages with limit and offset while count ignores paging", async () => {
    const page = await query({ orderBy: { column: "price" }, limit: 3, offset: 2 });
    expect(page.count).toBe(12);
    expect(page.results.map((row) => row._row)).toEqual([8, 9, 11]);
    const filtered = await query({ ...where("category", "eq", "Office"), limit: 2, offset: 4 });
    expect(filtered).toMatchObject({ count: 5, results: [{ _row: 12 }] });
    expect(await query({ offset: 100 })).toEqual({ count: 12, results: [] });
  });

  it("returns the asked columns, typed as stored, plus _row", async () => {
    const { results } = await query({ columns: ["name", "price", "stock", "active"], ...where("sku", "eq", "OFF-004") });
    expect(results).toEqual([{ name: "Lamp Oil", price: 3.1, stock: null, active: null, _row: 12 }]);
    const [first] = (await query({ limit: 1 })).results;
    expect(first).toEqual({ sku: "LMP-001", name: "Desk Lamp", category: "Lighting", price: 19.99, stock: 10, added: "2024-01-05", active: true, _row: 1 });
  });

  it("works with column names full of quotes and punctuation", async () => {
    const { results } = await query({ ...where("it's \"odd\"; --", "eq", "b"), orderBy: { column: "50%", direction: "desc" } }, () => weird);
    expect(results).toEqual([{ "it's \"odd\"; --": "b", "50%": 2, _row: 2 }]);
  });

  it("returns a column named __proto__ like any other, and one named _row under the name it was given", async () => {
    const odd = await attach(file.businessId, file.uploadedBy!, "odd.csv", "__proto__,_row,name\nsecret,7,Lamp\n");
    expect(odd.columns.map((column) => column.name)).toEqual(["__proto__", "_row_2", "name"]);
    const { results } = await query({}, () => odd);
    expect(JSON.parse(JSON.stringify(results))).toEqual([JSON.parse('{"__proto__": "secret", "_row_2": 7, "name": "Lamp", "_row": 1}')]);
    expect(Object.keys(results[0]!)).toEqual(["__proto__", "_row_2", "name", "_row"]);
  });
});

describe("aggregateFileRows", () => {
  it("counts, sums, averages and finds extremes over the whole file", async () => {
    expect(await aggregate({ fn: "count" })).toEqual([{ value: 12, rows: 12 }]);
    expect(await aggregate({ fn: "count", column: "sku" })).toEqual([{ value: 9, rows: 12 }]);
    expect(await aggregate({ fn: "sum", column: "price" })).toEqual([{ value: 1782.33, rows: 12 }]);
    expect(await aggregate({ fn: "sum", column: "stock" })).toEqual([{ value: 194, rows: 12 }]);
    expect(await aggregate({ fn: "avg", column: "price" })).toEqual([{ value: 148.5275, rows: 12 }]);
    expect(await aggregate({ fn: "avg", column: "stock" })).toEqual([{ value: 17.636364, rows: 12 }]);
    expect(await aggregate({ fn: "min", column: "price" })).toEqual([{ value: 3.1, rows: 12 }]);
    expect(await aggregate({ fn: "max", column: "price" })).toEqual([{ value: 899.99, rows: 12 }]);
    expect(await aggregate({ fn: "min", column: "added" })).toEqual([{ value: "2023-11-20", rows: 12 }]);
    expect(await aggregate({ fn: "max", column: "added" })).toEqual([{ value: "2024-06-01", rows: 12 }]);
    expect(await aggregate({ fn: "max", column: "name" })).toEqual([{ value: "Walnut Table", rows: 12 }]);
    expect(await aggregate({ fn: "sum", column: "price", ...where("price", "gt", 10000) })).toEqual([{ value: null, rows: 0 }]);
  });

  it("groups, ordered by value descending then group", async () => {
    expect(await aggregate({ fn: "count", groupBy: "category" })).toEqual([
      { group: "Office", value: 5, rows: 5 },
      { group: "Furniture", value: 4, rows: 4 },
      { group: "Lighting", value: 3, rows: 3 },
    ]);
    expect(await aggregate({ fn: "sum", column: "price", groupBy: "category" })).toEqual([
      { group: "Furniture", value: 1580.24, rows: 4 },
      { group: "Lighting", value: 158.49, rows: 3 },
      { group: "Office", value: 43.6, rows: 5 },
    ]);
    expect(await aggregate({ fn: "sum", column: "stock", groupBy: "category" })).toEqual([
      { group: "Office", value: 165, rows: 5 },
      { group: "Furniture", value: 15, rows: 4 },
      { group: "Lighting", value: 14, rows: 3 },
    ]);
    expect(await aggregate({ fn: "avg", column: "price", groupBy: "category" })).toEqual([
      { group: "Furniture", value: 395.06, rows: 4 },
      { group: "Lighting", value: 52.83, rows: 3 },
      { group: "Office", value: 8.72, rows: 5 },
    ]);
    expect(await aggregate({ fn: "max", column: "price", groupBy: "category" })).toEqual([
      { group: "Furniture", value: 899.99, rows: 4 },
      { group: "Lighting", value: 89, rows: 3 },
      { group: "Office", value: 15.75, rows: 5 },
    ]);
    expect(await aggregate({ fn: "min", column: "added", groupBy: "category" })).toEqual([
      { group: "Office", value: "2024-01-20", rows: 5 },
      { group: "Lighting", value: "2024-01-05", rows: 3 },
      { group: "Furniture", value: "2023-11-20", rows: 4 },
    ]);
    // Smallest first when asked: with a limit, the smallest groups are the ones that come back.
    const smallest = await aggregateFileRows(getDb(), {
      file,
      aggregate: fileAggregateSchema.parse({ fn: "sum", column: "stock", groupBy: "category", direction: "asc", limit: 2 }),
    });
    // How many groups there are in all, though only the first two come back.
    expect(smallest).toEqual({
      results: [
        { group: "Lighting", value: 14, rows: 3 },
        { group: "Furniture", value: 15, rows: 4 },
      ],
      groups: 3,
    });
    expect(await aggregate({ fn: "max", column: "stock", groupBy: "active", direction: "asc" })).toEqual([
      { group: false, value: 25, rows: 3 },
      { group: true, value: 100, rows: 8 },
      { group: null, value: null, rows: 1 },
    ]);
  });

  it("types the groups as stored, ties by group ascending, a missing value as the null group", async () => {
    expect(await aggregate({ fn: "count", groupBy: "active" })).toEqual([
      { group: true, value: 8, rows: 8 },
      { group: false, value: 3, rows: 3 },
      { group: null, value: 1, rows: 1 },
    ]);
    expect(await aggregate({ fn: "count", groupBy: "stock", limit: 4 })).toEqual([
      { group: 0, value: 2, rows: 2 },
      { group: 1, value: 1, rows: 1 },
      { group: 2, value: 1, rows: 1 },
      { group: 4, value: 1, rows: 1 },
    ]);
    expect(await aggregate({ fn: "sum", column: "price", groupBy: "category", q: "lamp" })).toEqual([
      { group: "Lighting", value: 69.49, rows: 2 },
      { group: "Office", value: 3.1, rows: 1 },
    ]);
  });
});

describe("refusals", () => {
  it("names the unknown column's field wherever it appears", async () => {
    const fieldOf = async (input: Record<string, unknown>) => Object.keys((await refusal(() => query(input))).fields ?? {});
    expect(await fieldOf(where("nope", "eq", 1))).toEqual(["where.0.column"]);
    expect(await fieldOf({ orderBy: { column: "nope" } })).toEqual(["orderBy.column"]);
    expect(await fieldOf({ columns: ["name", "nope"] })).toEqual(["columns.1"]);
    const grouped = await refusal(() => aggregate({ fn: "count", groupBy: "nope" }));
    expect(grouped.fields).toEqual({ groupBy: [expect.stringContaining("Unknown column")] });
    const summed = await refusal(() => aggregate({ fn: "sum", column: "nope" }));
    expect(Object.keys(summed.fields ?? {})).toEqual(["column"]);
  });

  it("treats SQL in a column name as an unknown column and SQL in a value as a literal", async () => {
    const stored = async () => (await getDb().select({ file: chatFileColumns.fileId }).from(chatFileColumns)).length;
    const before = await stored();
    const error = await refusal(() => query(where("price; drop table chat_file_columns --", "gt", 0)));
    expect(error.fields?.["where.0.column"]?.[0]).toContain("Unknown column");
    await refusal(() => query({ orderBy: { column: "price; drop table chat_file_columns --" } }));
    expect(before).toBeGreaterThan(0);
    expect(await stored()).toBe(before);
    expect(await query(where("name", "eq", "' or 1=1 --"))).toEqual({ count: 0, results: [] });
    expect(await rowsOf(where("name", "contains", "' or 1=1 --"))).toEqual([]);
  });

  it("refuses operations the column's type cannot take", async () => {
    expect((await refusal(() => aggregate({ fn: "sum", column: "name" }))).fields).toHaveProperty("column");
    expect((await refusal(() => aggregate({ fn: "avg", column: "added" }))).fields).toHaveProperty("column");
    expect((await refusal(() => aggregate({ fn: "max", column: "active" }))).fields).toHaveProperty("column");
    expect((await refusal(() => query(where("active", "lt", true)))).fields).toHaveProperty(["where.0.op"]);
    expect((await refusal(() => query(where("active", "eq", "yes")))).fields).toHaveProperty(["where.0.value"]);
    expect((await refusal(() => query(where("price", "lt", "abc")))).fields).toHaveProperty(["where.0.value"]);
    expect((await refusal(() => query(where("stock", "eq", true)))).fields).toHaveProperty(["where.0.value"]);
    expect((await refusal(() => query(where("added", "gt", 2024)))).fields).toHaveProperty(["where.0.value"]);
    expect((await refusal(() => query(where("price", "gt")))).fields).toHaveProperty(["where.0.value"]);
    expect((await refusal(() => query(where("name", "contains", "")))).fields).toHaveProperty(["where.0.value"]);
  });
});

describe("isolation", () => {
  it("never reads another file's records, in the same business or another", async () => {
    expect((await query({})).count).toBe(12);
    expect(await rowsOf(where("name", "eq", "Desk Lamp"))).toEqual([1]);
    expect(await rowsOf({ q: "lamp" })).toEqual([1, 2, 12]);
    expect((await query(where("price", "gte", 0))).count).toBe(12);
    expect(await aggregate({ fn: "count", groupBy: "category" })).toHaveLength(3);
    expect(await aggregate({ fn: "sum", column: "price" })).toEqual([{ value: 1782.33, rows: 12 }]);
  });

  it("matches nothing when the file's id belongs to another business", async () => {
    const otherBusiness = await createBusiness();
    const foreign = { ...file, businessId: otherBusiness.id };
    expect(await queryFileRows(getDb(), { file: foreign, query: fileQuerySchema.parse({}) })).toEqual({ count: 0, results: [] });
    expect((await aggregateFileRows(getDb(), { file: foreign, aggregate: fileAggregateSchema.parse({ fn: "count" }) })).results).toEqual([{ value: 0, rows: 0 }]);
  });
});

describe("a column's type decided after its first chunks are stored", () => {
  it("numbers a column whose first chunk was empty, and drops the numbers of one a later record made text", async () => {
    const team = await createTeam();
    // Over two chunks: "late" is empty until record 6,001; "turns" is numeric until its very last record.
    const lines = ["id,late,turns"];
    for (let i = 1; i <= 7_000; i++) lines.push(`${i},${i > 6_000 ? i % 10 : ""},${i === 7_000 ? "n/a" : i % 7}`);
    const stored = await attach(team.business.id, team.admin.id, "late.csv", lines.join("\n"));
    expect(stored.columns.map((column) => [column.name, column.type])).toEqual([
      ["id", "integer"],
      ["late", "integer"],
      ["turns", "text"],
    ]);
    const chunks = await getDb()
      .select({ position: chatFileColumns.position, firstRow: chatFileColumns.firstRow, numeric: sql<boolean>`${chatFileColumns.numbers} is not null` })
      .from(chatFileColumns)
      .where(eq(chatFileColumns.fileId, stored.id))
      .orderBy(chatFileColumns.position, chatFileColumns.firstRow);
    expect(chunks.map((chunk) => [chunk.position, chunk.firstRow, chunk.numeric])).toEqual([
      [0, 1, true],
      [0, 5_001, true],
      [1, 1, true],
      [1, 5_001, true],
      [2, 1, false],
      [2, 5_001, false],
    ]);
    const sum = await aggregateFileRows(getDb(), { file: stored, aggregate: fileAggregateSchema.parse({ fn: "sum", column: "late" }) });
    expect(sum.results).toEqual([{ value: 4_500, rows: 7_000 }]);
    // As text, "10" sorts before "9": the column is compared as the text it now is.
    const top = await queryFileRows(getDb(), { file: stored, query: fileQuerySchema.parse({ orderBy: { column: "turns", direction: "desc" }, limit: 1 }) });
    expect(top.results).toEqual([{ id: 7_000, late: 0, turns: "n/a", _row: 7_000 }]);
  });
});

describe("numbers a spreadsheet formatted", () => {
  const FORMATTED = 'name,price,margin\nLamp,$24.50,12.5%\nSofa,"$1,200.00",40%\nRefund,-$5,\nChair,"1,050",8%\n';

  async function attachFormatted(name: string, text: string) {
    const team = await createTeam();
    return attach(team.business.id, team.admin.id, name, text);
  }
  const aggregateOf = async (target: ChatFile, input: Record<string, unknown>) =>
    (await aggregateFileRows(getDb(), { file: target, aggregate: fileAggregateSchema.parse(input) as FileAggregate })).results;
  const rowsIn = async (target: ChatFile, input: Record<string, unknown>) =>
    (await query({ limit: 500, ...input }, () => target)).results.map((row) => row._row as number);

  it("compares, orders and adds up \"$1,200.00\", \"-$5\", \"1,050\" and \"12.5%\" by their values, and reads them back as numbers", async () => {
    const formatted = await attachFormatted("formatted.csv", FORMATTED);
    expect(formatted.columns).toEqual([
      { name: "name", type: "text", nulls: 0 },
      { name: "price", type: "number", nulls: 0, min: -5, max: 1200, unit: "$" },
      { name: "margin", type: "number", nulls: 1, min: 8, max: 40, unit: "%" },
    ]);
    expect(await aggregateOf(formatted, { fn: "sum", column: "price" })).toEqual([{ value: 2269.5, rows: 4 }]);
    expect(await aggregateOf(formatted, { fn: "max", column: "margin" })).toEqual([{ value: 40, rows: 4 }]);
    expect(await rowsIn(formatted, { orderBy: { column: "price", direction: "desc" } })).toEqual([2, 4, 1, 3]);
    // A value asked the way the file writes it is read the same way.
    expect(await rowsIn(formatted, where("price", "gt", "$1,000"))).toEqual([2, 4]);
    expect(await rowsIn(formatted, where("price", "lt", 0))).toEqual([3]);
    const { results } = await query({ columns: ["price", "margin"], limit: 1 }, () => formatted);
    expect(results).toEqual([{ _row: 1, price: 24.5, margin: 12.5 }]);
  });

  it("reads a long file's formatted numbers the same in every chunk, those stored before the column was known to hold numbers too", async () => {
    // The first chunk's prices are empty, so it is stored before the column's type is known; its margins are plain.
    const lines = ["name,price,margin"];
    for (let index = 1; index <= 5_000; index++) lines.push(`item ${index},,${index % 2 === 0 ? "1000" : '"1,000"'}`);
    lines.push('last,"$1,234.50","$2,000"', 'first,"$1.50",$3');
    const long = await attachFormatted("long.csv", `${lines.join("\n")}\n`);
    expect(long.columns.map((column) => [column.name, column.type, column.unit])).toEqual([
      ["name", "text", undefined],
      ["price", "number", "$"],
      ["margin", "integer", "$"],
    ]);
    expect(await aggregateOf(long, { fn: "sum", column: "price" })).toEqual([{ value: 1236, rows: 5_002 }]);
    expect(await aggregateOf(long, { fn: "sum", column: "margin" })).toEqual([{ value: 5_002_003, rows: 5_002 }]);
    expect(await rowsIn(long, { orderBy: { column: "price" }, limit: 2 })).toEqual([5_002, 5_001]);
  });

  it("keeps a column text when its numbers do not add up: two currencies, a currency with a percent, or decimal commas", async () => {
    const mixed = await attachFormatted("mixed.csv", 'a,b,c,d\n$5,$5%,"1.200,50",5\n€5,1,"1,20",$5\n');
    expect(mixed.columns.map((column) => [column.name, column.type])).toEqual([
      ["a", "text"],
      ["b", "text"],
      ["c", "text"],
      ["d", "integer"],
    ]);
    expect(mixed.columns[3]!.unit).toBe("$");
    // Text is returned as the file wrote it.
    const { results } = await query({ limit: 5 }, () => mixed);
    expect(results[0]).toMatchObject({ a: "$5", b: "$5%", c: "1.200,50", d: 5 });
  });
});

describe("dates a spreadsheet wrote in a locale's short form", () => {
  // Exported in the US (month first, no leading zeros) and in Germany (day first, dots).
  const US = "order,placed,total\nA,1/31/2024,10\nB,12/5/2023,20\nC,2/1/2024,30\nD,,40\nE,10/15/2024,50\n";
  const DE = "order,placed\nA,31.01.2024\nB,05.12.2023\nC,01.02.2024\n";

  async function attachDated(name: string, text: string) {
    const team = await createTeam();
    return attach(team.business.id, team.admin.id, name, text);
  }
  const ordersOf = async (target: ChatFile, input: Record<string, unknown>) =>
    (await query({ limit: 500, ...input }, () => target)).results.map((row) => row.order);
  const aggregateOf = async (target: ChatFile, input: Record<string, unknown>) =>
    (await aggregateFileRows(getDb(), { file: target, aggregate: fileAggregateSchema.parse(input) as FileAggregate })).results;

  it("compares and sorts month-first dates as days, takes a value written either way, and returns them as written", async () => {
    const us = await attachDated("us.csv", US);
    expect(us.columns[1]).toEqual({ name: "placed", type: "date", nulls: 1, min: "2023-12-05", max: "2024-10-15", dateOrder: "mdy" });
    // As text, "12/5/2023" would sort after "10/15/2024" and "1/31/2024" before both.
    expect(await ordersOf(us, { orderBy: { column: "placed" } })).toEqual(["B", "A", "C", "E", "D"]);
    expect(await ordersOf(us, where("placed", "gt", "2024-01-31"))).toEqual(["C", "E"]);
    expect(await ordersOf(us, where("placed", "lt", "02/01/2024"))).toEqual(["A", "B"]);
    expect(await ordersOf(us, where("placed", "eq", "2/1/2024"))).toEqual(["C"]);
    expect(await aggregateOf(us, { fn: "max", column: "placed" })).toEqual([{ value: "2024-10-15", rows: 5 }]);
    expect(await aggregateOf(us, { fn: "sum", column: "total", groupBy: "placed", limit: 2 })).toEqual([
      { group: "2024-10-15", value: 50, rows: 1 },
      { group: null, value: 40, rows: 1 },
    ]);
    const { results } = await query({ columns: ["placed"], limit: 1 }, () => us);
    expect(results).toEqual([{ _row: 1, placed: "1/31/2024" }]);
    const refused = await refusal(() => query(where("placed", "gt", "31/01/2024"), () => us));
    expect(refused.fields).toEqual({ "where.0.value": ['“placed” holds dates: the value must be a date such as "2024-01-31" or "01/31/2024".'] });
  });

  it("reads day-first dates written with dots the other way round", async () => {
    const de = await attachDated("de.csv", DE);
    expect(de.columns[1]).toMatchObject({ type: "date", min: "2023-12-05", max: "2024-02-01", dateOrder: "dmy" });
    expect(await ordersOf(de, { orderBy: { column: "placed", direction: "desc" } })).toEqual(["C", "A", "B"]);
    expect(await ordersOf(de, where("placed", "gte", "01.02.2024"))).toEqual(["C"]);
  });

  it("leaves text a column whose dates do not say which part is the month, or that mixes ways of writing them", async () => {
    const unclear = await attachDated("unclear.csv", "a,b,c\n01/05/2024,1/5/2024,2024-01-05\n02/06/2024,13/13/2024,1/31/2024\n");
    expect(unclear.columns.map((column) => [column.name, column.type, column.dateOrder])).toEqual([
      ["a", "text", undefined],
      ["b", "text", undefined],
      ["c", "text", undefined],
    ]);
    const { results } = await query({ limit: 1 }, () => unclear);
    expect(results[0]).toMatchObject({ a: "01/05/2024", b: "1/5/2024", c: "2024-01-05" });
  });
});
