import { hydrate, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { asWire, prefetchPageData } from "./prefetch";

describe("a page's first data", () => {
  it("is each read in the API's wire form under its key, a list's first page as an infinite query's", async () => {
    const state = await prefetchPageData([
      { key: ["dashboard", "stats"], load: async () => ({ at: new Date("2026-01-02T03:04:05.000Z"), count: 3, missing: undefined }) },
      { key: ["chat", "sessions"], firstPageParam: 1, loadFirstPage: async () => ({ count: 1, next: null, results: [{ id: "s1" }] }) },
    ]);
    const client = new QueryClient();
    hydrate(client, state);
    expect(client.getQueryData(["dashboard", "stats"])).toEqual({ at: "2026-01-02T03:04:05.000Z", count: 3 });
    expect(client.getQueryData(["chat", "sessions"])).toEqual({ pages: [{ count: 1, next: null, results: [{ id: "s1" }] }], pageParams: [1] });
  });

  it("leaves out a read that failed, so the page's hook asks the API itself", async () => {
    const state = await prefetchPageData([
      { key: ["fine"], load: async () => "here" },
      { key: ["broken"], load: async () => Promise.reject(new Error("the database went away")) },
    ]);
    expect(state.queries.map((query) => query.queryKey)).toEqual([["fine"]]);
  });

  it("turns dates into the strings JSON would carry", () => {
    expect(asWire({ when: new Date(0), list: [new Date(1000)] })).toEqual({ when: "1970-01-01T00:00:00.000Z", list: ["1970-01-01T00:00:01.000Z"] });
  });
});
