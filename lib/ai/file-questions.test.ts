import { describe, expect, it } from "vitest";
import type { ChatFileColumn } from "@/db/schema";
import { answerFileQuestion, planFileQuestion, queryFileArguments } from "./file-questions";
import type { AttachedFile } from "./types";

const column = (name: string, type: ChatFileColumn["type"], nulls = 0): ChatFileColumn => ({ name, type, nulls });

const prices: AttachedFile = {
  id: "file-prices",
  name: "prices.csv",
  rows: 12,
  columns: [column("SKU", "text", 2), column("Product name", "text"), column("category", "text"), column("unit_price", "number"), column("stock", "integer", 1)],
};
const orders: AttachedFile = {
  id: "file-orders",
  name: "orders-march.json",
  rows: 40,
  columns: [column("order_id", "integer"), column("customer.city", "text"), column("total", "number")],
};

describe("planFileQuestion: what a question asks of the conversation's files", () => {
  it.each([
    ["How many rows are there?", { fileId: "file-orders", aggregate: { fn: "count" } }],
    ["how many rows in prices.csv", { fileId: "file-prices", aggregate: { fn: "count" } }],
    ["how many records does prices have?", { fileId: "file-prices", aggregate: { fn: "count" } }],
    ["What's the average unit price?", { fileId: "file-prices", aggregate: { fn: "avg", column: "unit_price" } }],
    ["mean unit_price per category", { fileId: "file-prices", aggregate: { fn: "avg", column: "unit_price", groupBy: "category" } }],
    ["total stock for each category", { fileId: "file-prices", aggregate: { fn: "sum", column: "stock", groupBy: "category" } }],
    ["sum of total by customer city", { fileId: "file-orders", aggregate: { fn: "sum", column: "total", groupBy: "customer.city" } }],
    ["what is the highest unit price", { fileId: "file-prices", aggregate: { fn: "max", column: "unit_price" } }],
    ["how many rows per category?", { fileId: "file-prices", aggregate: { fn: "count", groupBy: "category" } }],
    [
      "top 5 by stock",
      { fileId: "file-prices", orderBy: { column: "stock", direction: "desc" }, where: [{ column: "stock", op: "empty", value: false }], limit: 5 },
    ],
    [
      "the three cheapest in prices.csv",
      { fileId: "file-prices", orderBy: { column: "unit_price", direction: "asc" }, where: [{ column: "unit_price", op: "empty", value: false }], limit: 3 },
    ],
    ["rows where category is Home & Garden", { fileId: "file-prices", where: [{ column: "category", op: "eq", value: "Home & Garden" }], limit: 10 }],
    ["items in prices.csv whose unit price is under $20", { fileId: "file-prices", where: [{ column: "unit_price", op: "lt", value: 20 }], limit: 10 }],
    ["rows where Product name contains 'Lamp'", { fileId: "file-prices", where: [{ column: "Product name", op: "contains", value: "Lamp" }], limit: 10 }],
    ["how many rows have no SKU?", { fileId: "file-prices", where: [{ column: "SKU", op: "empty" }], limit: 10 }],
    ["which rows are missing a stock", { fileId: "file-prices", where: [{ column: "stock", op: "empty" }], limit: 10 }],
    ["Which of these do we sell?", { fileId: "file-orders", matchCatalog: true, limit: 20 }],
    ["which products in prices.csv do you already carry", { fileId: "file-prices", matchCatalog: true, limit: 20 }],
    ["what columns does prices.csv have? list the columns", { fileId: "file-prices", limit: 1 }],
    ["Summarize the file", { fileId: "file-orders", limit: 1 }],
    ["what's in the list?", { fileId: "file-orders", limit: 1 }],
    ["Which category has the most stock?", { fileId: "file-prices", aggregate: { fn: "sum", column: "stock", groupBy: "category" } }],
    ["what customer city had the lowest total", { fileId: "file-orders", aggregate: { fn: "min", column: "total", groupBy: "customer.city", direction: "asc" } }],
    ["which category has the fewest stock", { fileId: "file-prices", aggregate: { fn: "sum", column: "stock", groupBy: "category", direction: "asc" } }],
    ["which product name has the highest unit price?", { fileId: "file-prices", aggregate: { fn: "max", column: "unit_price", groupBy: "Product name" } }],
  ])("%s", (message, expected) => {
    const plan = planFileQuestion(message, [prices, orders]);
    expect(plan).not.toBeNull();
    expect(queryFileArguments(plan!)).toEqual(expected);
  });

  it("without a file named, the file whose columns the question names answers, else the newest", () => {
    // "category" is only in the older file.
    expect(planFileQuestion("average unit price by category", [prices, orders])?.file.id).toBe("file-prices");
    expect(planFileQuestion("how many rows?", [prices, orders])?.file.id).toBe("file-orders");
  });

  it("leaves shopping questions and questions without a file to the catalog search", () => {
    expect(planFileQuestion("do you have a standing desk?", [prices, orders])).toBeNull();
    expect(planFileQuestion("what do you sell?", [prices, orders])).toBeNull();
    expect(planFileQuestion("buy 2 lamps", [prices, orders])).toBeNull();
    expect(planFileQuestion("how many rows?", [])).toBeNull();
    expect(planFileQuestion("average price", [orders])).toBeNull();
  });
});

describe("answerFileQuestion", () => {
  it("names the file, rounds amounts half up and escapes Markdown written in cells", () => {
    const plan = planFileQuestion("average unit price by category", [prices])!;
    const text = answerFileQuestion(plan, {
      results: [
        { group: "**Bold** [link](javascript:alert(1))", value: 349.495, rows: 2 },
        { group: null, value: 22.125, rows: 3 },
      ],
    });
    expect(text).toBe(
      [
        "From **prices.csv** — average unit\\_price by category:",
        "",
        "- **\\*\\*Bold\\*\\* \\[link\\](javascript:alert(1))**: $349.50 (2 rows)",
        "- **(empty)**: $22.13 (3 rows)",
      ].join("\n"),
    );
  });

  it("cuts a long cell after 80 characters, never inside an emoji", () => {
    const plan = planFileQuestion("rows where category is Lighting", [prices])!;
    const note = `${"x".repeat(79)}😀😀 and more`;
    const text = answerFileQuestion(plan, { count: 1, results: [{ _row: 1, "Product name": note, category: "Lighting" }] });
    expect(text.isWellFormed()).toBe(true);
    expect(text).toContain(`**${"x".repeat(79)}😀…** ·`);
  });

  it("names the group a \"which … the most\" question asks for, then ranks the rest", () => {
    const plan = planFileQuestion("Which category has the most stock?", [prices])!;
    const text = answerFileQuestion(plan, {
      results: [
        { group: "Garden", value: 12, rows: 2 },
        { group: "Lighting", value: 40, rows: 3 },
        { group: null, value: null, rows: 1 },
      ],
    });
    expect(text).toBe(
      [
        "From **prices.csv**: the category with the most stock is **Lighting** (40). Total stock by category:",
        "",
        "- **Lighting**: 40 (3 rows)",
        "- **Garden**: 12 (2 rows)",
        "- **(empty)**: (empty) (1 row)",
      ].join("\n"),
    );
    const fewest = answerFileQuestion(planFileQuestion("which category has the least stock", [prices])!, { results: [{ group: "Lighting", value: 40, rows: 3 }, { group: "Garden", value: 12, rows: 2 }] });
    expect(fewest).toContain("the category with the least stock is **Garden** (12)");
  });

  it("does not rank a text column for the highest, the lowest or the top: it says the column holds text", () => {
    const formatted: AttachedFile = { id: "file-formatted", name: "formatted.csv", rows: 3, columns: [column("name", "text"), column("price", "text"), column("added", "date")] };
    for (const question of ["what is the highest price", "lowest price?", "top 5 by price"]) {
      const plan = planFileQuestion(question, [formatted])!;
      expect(queryFileArguments(plan)).toEqual({ fileId: "file-formatted", columns: ["price"], where: [{ column: "price", op: "empty", value: false }], limit: 1 });
      expect(answerFileQuestion(plan, { count: 0, results: [] })).toBe(
        "In **formatted.csv**, price holds text, not numbers, so its values cannot be ranked. A column of plain numbers can be.",
      );
    }
    // Dates have an order of their own.
    expect(queryFileArguments(planFileQuestion("what is the max added", [formatted])!)).toEqual({ fileId: "file-formatted", aggregate: { fn: "max", column: "added" } });
  });

  it("lists a column of written dates with the order it was read in, and its range as days", () => {
    const orders: AttachedFile = {
      id: "file-orders",
      name: "orders.csv",
      rows: 5,
      columns: [{ name: "placed", type: "date", nulls: 1, min: "2023-12-05", max: "2024-10-15", dateOrder: "mdy" }],
    };
    const plan = planFileQuestion("what columns does orders.csv have?", [orders])!;
    expect(answerFileQuestion(plan, {})).toBe(
      "**orders.csv** has 1 column and 5 rows:\n\n- **placed** — date written month/day/year, 1 empty value, from 2023-12-05 to 2024-10-15",
    );
  });

  it("explains a refusal of the tool instead of inventing a figure", () => {
    const plan = planFileQuestion("how many rows?", [prices])!;
    expect(answerFileQuestion(plan, { error: "invalid_arguments", detail: "Unknown column." })).toBe("I couldn't read **prices.csv**: Unknown column.");
  });

  it("says plainly when nothing matches", () => {
    const filter = planFileQuestion("rows where category is Garden", [prices])!;
    expect(answerFileQuestion(filter, { count: 0, results: [] })).toBe("No rows of **prices.csv** where category is “Garden”.");
    const match = planFileQuestion("which of these do we sell", [prices])!;
    expect(answerFileQuestion(match, { rows: 12, matched: 0, skuColumn: "SKU", nameColumn: "Product name", results: [] })).toBe(
      "None of the 12 rows of **prices.csv** is a product we sell (compared by SKU or name).",
    );
  });
});
