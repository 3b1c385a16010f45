import { beforeAll, describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as internalRoute from "@/app/api/products/internal/route";
import * as productsRoute from "@/app/api/products/route";
import { createBusiness, createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

let team: Awaited<ReturnType<typeof createTeam>>;
let ids: Record<string, string>;

function list(params: string) {
  return callRoute(productsRoute.GET, { path: `/api/products?business=${team.business.id}&${params}` });
}

beforeAll(async () => {
  team = await createTeam();
  const make = (name: string, description: string, price: string, category: string | null = null) =>
    createProduct({ businessId: team.business.id, status: "approved", name, description, price, category }).then((p) => p.id);
  ids = {
    keyboard: await make("Mechanical Keyboard", "Tactile switches for typing all day.", "129.00", "Peripherals"),
    mouse: await make("Wireless Mouse", "Pairs with any keyboard over Bluetooth.", "49.00", "Peripherals"),
    desk: await make("Standing Desk", "Height adjustable desk with memory presets.", "499.00", "Furniture"),
    chair: await make("Ergonomic Chair", "Lumbar support for long sessions at the desk.", "349.99", "Furniture"),
  };
  await createProduct({ businessId: team.business.id, status: "draft", name: "Keyboard Prototype", description: "Secret." });
  await createProduct({ businessId: team.business.id, status: "pending_approval", name: "Keyboard Pending", description: "Soon." });
});

describe("public catalog GET /api/products", () => {
  it("needs no sign-in and lists approved products only, newest first, in the list envelope", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 4, next: null, previous: null });
    expect(response.body.results.map((p: { id: string }) => p.id)).toEqual([ids.chair, ids.desk, ids.mouse, ids.keyboard]);
    for (const product of response.body.results) {
      expect(product.status).toBe("approved");
      expect(product).not.toHaveProperty("search");
    }
  });

  it("shows only public fields: no staff ids, no review notes — in the list and by id, signed out or from another business", async () => {
    // A business of its own, so the other tests' counts stay as they are.
    const shop = await createTeam();
    const reviewed = await createProduct({
      businessId: shop.business.id,
      status: "approved",
      name: "Reviewed Lamp",
      description: "Bright.",
      createdBy: shop.editor.id,
      editedBy: shop.editor.id,
      submittedBy: shop.editor.id,
      approvedBy: shop.approver.id,
      approvedAt: new Date(),
      rejectionReason: "An old note from a previous review.",
    });
    const publicKeys = ["id", "businessId", "name", "description", "price", "sku", "category", "stock", "status", "approvedAt", "createdAt", "updatedAt", "images"].sort();

    const listed = await callRoute(productsRoute.GET, { path: `/api/products?business=${shop.business.id}` });
    expect(listed.body.results.map((p: { id: string }) => p.id)).toEqual([reviewed.id]);
    // The list also names each item's seller (the catalog mixes businesses).
    expect(Object.keys(listed.body.results[0]).sort()).toEqual([...publicKeys, "business"].sort());
    expect(listed.body.results[0].business).toEqual({ name: shop.business.name, slug: shop.business.slug });

    const outsider = await createTeam();
    for (const token of [null, await tokenFor(outsider.viewer), await tokenFor(outsider.admin)]) {
      const one = await callRoute(itemRoute.GET, { token, params: { id: reviewed.id } });
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual(publicKeys);
      expect(JSON.stringify(one.body)).not.toContain(shop.approver.id);
    }
    // The product's own business still sees who did what.
    const own = await callRoute(itemRoute.GET, { token: await tokenFor(shop.editor), params: { id: reviewed.id } });
    expect(own.body).toMatchObject({ createdBy: shop.editor.id, approvedBy: shop.approver.id, rejectionReason: "An old note from a previous review." });
  });

  it("ranks a name match above a description match", async () => {
    const response = await list("q=keyboard");
    expect(response.body.results.map((p: { id: string }) => p.id)).toEqual([ids.keyboard, ids.mouse]);
    const desk = await list("q=desk");
    expect(desk.body.results[0].id).toBe(ids.desk);
    expect(desk.body.count).toBe(2);
  });

  it("matches the last word as a prefix (keyb → Keyboard), the words before it as whole words, and requires every word", async () => {
    const found = async (q: string) => (await list(`q=${encodeURIComponent(q)}`)).body.results.map((p: { id: string }) => p.id);
    expect((await found("keyb"))[0]).toBe(ids.keyboard);
    expect(await found("mechanical keyb")).toEqual([ids.keyboard]);
    expect(await found("ergonomic des")).toEqual([ids.chair]);
    // Stemmed as Postgres's English configuration reads a word: "sessions" finds "session".
    expect(await found("session ergo")).toEqual([ids.chair]);
    // A word typed out before the last is not a prefix any more.
    expect(await found("mech keyb")).toEqual([]);
    expect(await found("ergo desk")).toEqual([]);
  });

  it("treats SQL and tsquery metacharacters as plain text", async () => {
    for (const q of ["'; drop table products; --", "keyboard' OR '1'='1", "a & | ! ( ) :* <-> \\", "%_%", "))((", "!!!"]) {
      const response = await list(`q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      // Only the words count: an injected OR never widens a search to the whole catalog, and text
      // with no words at all asked for something no product is (it matches nothing).
      const found = response.body.results.map((p: { id: string }) => p.id);
      if (/[a-z]/i.test(q)) expect(found.every((id: string) => id === ids.keyboard), q).toBe(true);
      else expect(response.body.count, q).toBe(0);
    }
    const injected = await list(`q=${encodeURIComponent("keyboard') | ('")}`);
    expect(injected.body.results.map((p: { id: string }) => p.id)).toEqual([ids.keyboard, ids.mouse]);
    expect((await list("")).body.count).toBe(4);
  });

  it("filters by category, price range and business slug", async () => {
    const furniture = await list("category=Furniture");
    expect(furniture.body.results.map((p: { id: string }) => p.id).sort()).toEqual([ids.chair, ids.desk].sort());
    const range = await list("minPrice=49&maxPrice=349.99");
    expect(range.body.results.map((p: { id: string }) => p.id).sort()).toEqual([ids.chair, ids.keyboard, ids.mouse].sort());
    const bySlug = await callRoute(productsRoute.GET, { path: `/api/products?business=${team.business.slug}` });
    expect(bySlug.body.count).toBe(4);
    const otherBusiness = await createBusiness();
    await createProduct({ businessId: otherBusiness.id, status: "approved", name: "Foreign Keyboard" });
    expect((await list("q=keyboard")).body.count).toBe(2);
    const unknown = await callRoute(productsRoute.GET, { path: "/api/products?business=no-such-business" });
    expect(unknown.body.count).toBe(0);
    const bad = await list("minPrice=-1");
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty("minPrice");
    // A range the wrong way round would match nothing: it is refused, saying why, not answered an empty page.
    const reversed = await list("minPrice=349.99&maxPrice=49");
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields).toEqual({ maxPrice: ["maxPrice must be at least minPrice."] });
    expect((await list("minPrice=49&maxPrice=49.00")).status).toBe(200);
  });

  it("paginates with next/previous links and caps pageSize at 100", async () => {
    const first = await list("pageSize=3");
    expect(first.body.results).toHaveLength(3);
    expect(first.body.count).toBe(4);
    expect(first.body.previous).toBeNull();
    const next = new URL(first.body.next);
    expect(next.searchParams.get("page")).toBe("2");
    expect(next.searchParams.get("business")).toBe(team.business.id);
    const second = await callRoute(productsRoute.GET, { path: next.pathname + next.search });
    expect(second.body.results).toHaveLength(1);
    expect(second.body.next).toBeNull();
    expect(new URL(second.body.previous).searchParams.get("page")).toBe("1");
    const beyond = await list("page=9&pageSize=3");
    expect(beyond.body).toMatchObject({ count: 4, results: [] });

    const crowded = await createBusiness();
    for (let i = 0; i < 105; i++) await createProduct({ businessId: crowded.id, status: "approved" });
    const capped = await callRoute(productsRoute.GET, { path: `/api/products?business=${crowded.id}&pageSize=500` });
    expect(capped.status).toBe(200);
    expect(capped.body.results).toHaveLength(100);
    expect(capped.body.count).toBe(105);
    expect(new URL(capped.body.next).searchParams.get("pageSize")).toBe("100");
    expect((await list("pageSize=0")).status).toBe(400);
    expect((await list("page=abc")).status).toBe(400);
  });
});

describe("internal list GET /api/products/internal", () => {
  it("filters by status, q and createdBy within the caller's business", async () => {
    const token = await tokenFor(team.editor);
    const mine = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft", name: "Keyboard Mine" });
    const byStatus = await callRoute(internalRoute.GET, { token, path: "/api/products/internal?status=draft" });
    expect(byStatus.body.results.every((p: { status: string }) => p.status === "draft")).toBe(true);
    expect(byStatus.body.count).toBe(2);
    const search = await callRoute(internalRoute.GET, { token, path: "/api/products/internal?q=keyb" });
    expect(search.body.count).toBe(5);
    const byCreator = await callRoute(internalRoute.GET, { token, path: `/api/products/internal?createdBy=${team.editor.id}` });
    expect(byCreator.body.results.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    // A page past the end (a link, or its last products just deleted) still says how many match, so /products can offer its last page.
    const pastTheEnd = await callRoute(internalRoute.GET, { token, path: "/api/products/internal?q=keyb&pageSize=2&page=4" });
    expect(pastTheEnd.body).toMatchObject({ count: 5, results: [] });
    const invalid = await callRoute(internalRoute.GET, { token, path: "/api/products/internal?status=archived" });
    expect(invalid.status).toBe(400);
  });
});

describe("GET /api/products/limits", () => {
  it("publishes the validation limits the schema enforces", async () => {
    const limitsRoute = await import("@/app/api/products/limits/route");
    const response = await callRoute(limitsRoute.GET, { path: "/api/products/limits" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: { max: 200 },
      description: { max: 5000 },
      pageSize: { default: 20, max: 100 },
      import: { maxBytes: 5 * 1024 * 1024, maxRows: 5000 },
    });
  });
});
