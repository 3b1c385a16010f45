import { describe, expect, it } from "vitest";
import { shopListHref } from "./links";
import { STOREFRONT_PAGE_SIZE, storefrontQuery } from "./page-query";

describe("storefrontQuery", () => {
  it("reads the storefront's URL with the API's schema and a fixed page size", () => {
    expect(storefrontQuery({ q: "oak desk", category: "Furniture", minPrice: "10", maxPrice: "99.5", inStock: "true", sort: "price_desc", page: "3", pageSize: "100" })).toEqual({
      query: { q: "oak desk", category: "Furniture", minPrice: "10", maxPrice: "99.5", inStock: true, sort: "price_desc", page: 3, pageSize: STOREFRONT_PAGE_SIZE },
      ignored: [],
    });
  });

  it("treats blank fields as not given, takes the first of repeated ones, and drops and names what does not parse", () => {
    expect(storefrontQuery({ q: "", category: "", minPrice: "", sort: "", page: "" })).toEqual({
      query: { inStock: false, sort: "relevance", page: 1, pageSize: STOREFRONT_PAGE_SIZE },
      ignored: [],
    });
    expect(storefrontQuery({ category: ["Lighting", "Furniture"] }).query.category).toBe("Lighting");
    const { query, ignored } = storefrontQuery({ q: "lamp", minPrice: "cheap", sort: "best", page: "-2" });
    expect(query).toMatchObject({ q: "lamp", sort: "relevance", page: 1 });
    expect(query.minPrice).toBeUndefined();
    expect(ignored.sort()).toEqual(["min price", "page", "sort"]);
  });

  it("drops and names a field no search can hold (a NUL, an unpaired surrogate from a hand-edited URL)", () => {
    const { query, ignored } = storefrontQuery({ q: "lamp", category: "\0", sort: "newest", minPrice: "\ud800" });
    expect(query).toMatchObject({ q: "lamp", sort: "newest" });
    expect(query.category).toBeUndefined();
    expect(ignored.sort()).toEqual(["category", "min price"]);
  });

  it("reads a price range typed the wrong way round as the range meant", () => {
    expect(storefrontQuery({ minPrice: "500", maxPrice: "99.5" }).query).toMatchObject({ minPrice: "99.5", maxPrice: "500" });
    expect(storefrontQuery({ minPrice: "20", maxPrice: "20" }).query).toMatchObject({ minPrice: "20", maxPrice: "20" });
    expect(storefrontQuery({ minPrice: "500" }).query).toMatchObject({ minPrice: "500" });
  });
});

describe("shopListHref", () => {
  it("keeps only what differs from the defaults", () => {
    expect(shopListHref("demo", { sort: "relevance", page: 1, inStock: false })).toBe("/shop/demo");
    expect(shopListHref("demo", { q: "oak desk", category: "Office & Home", inStock: true, sort: "price_asc", page: 2 })).toBe(
      "/shop/demo?q=oak+desk&category=Office+%26+Home&inStock=true&sort=price_asc&page=2",
    );
  });
});
