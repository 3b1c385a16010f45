import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as businessRoute from "@/app/api/business/route";
import * as productsRoute from "@/app/api/products/route";
import * as shopProductRoute from "@/app/api/shops/[slug]/products/[product]/route";
import * as shopProductsRoute from "@/app/api/shops/[slug]/products/route";
import * as shopRoute from "@/app/api/shops/[slug]/route";
import * as shopsRoute from "@/app/api/shops/route";
import { getDb } from "@/db/client";
import { auditLog, businesses, productImages } from "@/db/schema";
import { createBusiness, createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;

let shop: Team;
let other: Team;
let ids: Record<"oak" | "walnut" | "deskLamp" | "floorLamp" | "mouse", string>;
let hidden: Record<"draft" | "pending" | "rejected" | "foreign", string>;
let oakImageId: string;

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

/** The ids of a list answer, in order. */
const idsOf = (answer: { body: { results: { id: string }[] } }) => answer.body.results.map((product) => product.id);

function list(query = "", slug = shop.business.slug) {
  return callRoute(shopProductsRoute.GET, { path: `/api/shops/${slug}/products${query ? `?${query}` : ""}`, params: { slug } });
}

beforeAll(async () => {
  [shop, other] = await Promise.all([createTeam(), createTeam()]);
  const businessId = shop.business.id;
  const make = (values: Parameters<typeof createProduct>[0]) => createProduct({ status: "approved", ...values }).then((row) => row.id);
  // Created oldest first: walnut, oak, desk lamp, floor lamp, mouse. The oak desk is newer than the
  // walnut one but mentions walnut only in its description, so relevance and newest disagree.
  ids = {
    walnut: await make({ businessId, name: "Walnut Desk", description: "A solid desk for the study.", price: "450.00", category: "Furniture", stock: 0, createdAt: at(1) }),
    oak: await make({ businessId, name: "Oak Desk", description: "Oak top on walnut legs.", price: "300.00", category: "Furniture", stock: 5, createdAt: at(2) }),
    deskLamp: await make({ businessId, name: "Desk Lamp", description: "Warm light for reading.", price: "45.00", category: "Lighting", stock: null, createdAt: at(3) }),
    floorLamp: await make({ businessId, name: "Floor Lamp", description: "Tall and bright.", price: "120.00", category: "Lighting", stock: 2, createdAt: at(4) }),
    mouse: await make({ businessId, name: "Wireless Mouse", description: "Quiet clicks.", price: "25.50", category: null, stock: 10, createdAt: at(5) }),
  };
  hidden = {
    draft: await make({ businessId, status: "draft", name: "Desk Prototype", category: "Prototypes" }),
    pending: await make({ businessId, status: "pending_approval", name: "Desk Pending" }),
    rejected: await make({ businessId, status: "rejected", name: "Desk Rejected" }),
    foreign: await make({ businessId: other.business.id, name: "Foreign Desk", price: "99.00", category: "Furniture" }),
  };
  const [image] = await getDb()
    .insert(productImages)
    .values([
      { productId: ids.oak, businessId, position: 0, alt: "The oak desk", widths: [160, 480, 1200], originalWidth: 1600, originalHeight: 1200, originalType: "image/jpeg", originalBytes: 1000 },
      // Uploaded for a change under review: not part of the live product.
      { productId: ids.oak, businessId, position: 1, alt: "Pending", pending: true, widths: [160], originalWidth: 160, originalHeight: 120, originalType: "image/png", originalBytes: 100 },
    ])
    .returning();
  oakImageId = image!.id;
});

describe("GET /api/shops/:slug/products", () => {
  it("lists only this business's approved products, newest first, with the business, its categories and the live images", async () => {
    const answer = await list();
    expect(answer.status).toBe(200);
    expect(idsOf(answer)).toEqual([ids.mouse, ids.floorLamp, ids.deskLamp, ids.oak, ids.walnut]);
    expect(answer.body).toMatchObject({
      count: 5,
      page: 1,
      pageSize: 20,
      lastPage: 1,
      next: null,
      previous: null,
      business: { name: shop.business.name, slug: shop.business.slug },
      // Only categories with approved products: the draft's "Prototypes" is not one.
      categories: [
        { name: "Furniture", count: 2 },
        { name: "Lighting", count: 2 },
      ],
    });
    for (const product of answer.body.results) {
      expect(product.status).toBe("approved");
      expect(product.businessId).toBe(shop.business.id);
      expect(product).not.toHaveProperty("createdBy");
    }
    const oak = answer.body.results.find((product: { id: string }) => product.id === ids.oak);
    expect(oak.images).toEqual([
      { id: oakImageId, url: `/api/products/${ids.oak}/images/${oakImageId}/480`, alt: "The oak desk", position: 0, widths: [160, 480, 1200] },
    ]);
    expect(answer.body.results.find((product: { id: string }) => product.id === ids.mouse).images).toEqual([]);
    for (const id of Object.values(hidden)) expect(answer.text).not.toContain(id);
  });

  it("filters by q, category, price range and stock, each exactly, with facet counts that follow the search", async () => {
    const desk = await list("q=desk&sort=price_asc");
    expect(idsOf(desk)).toEqual([ids.deskLamp, ids.oak, ids.walnut]);
    expect(desk.body.count).toBe(3);
    expect(desk.body.categories).toEqual([
      { name: "Furniture", count: 2 },
      { name: "Lighting", count: 1 },
    ]);

    const lighting = await list("category=Lighting");
    expect(idsOf(lighting)).toEqual([ids.floorLamp, ids.deskLamp]);
    expect(lighting.body.count).toBe(2);
    // The category list stays whole while one is selected.
    expect(lighting.body.categories).toEqual([
      { name: "Furniture", count: 2 },
      { name: "Lighting", count: 2 },
    ]);

    expect(idsOf(await list("minPrice=45&maxPrice=300"))).toEqual([ids.floorLamp, ids.deskLamp, ids.oak]);
    expect(idsOf(await list("minPrice=45.01"))).toEqual([ids.floorLamp, ids.oak, ids.walnut]);
    expect(idsOf(await list("maxPrice=25.5"))).toEqual([ids.mouse]);
    // Unlimited stock (NULL) is in stock; zero is not.
    const inStock = await list("inStock=true");
    expect(idsOf(inStock)).toEqual([ids.mouse, ids.floorLamp, ids.deskLamp, ids.oak]);
    expect(inStock.body.categories).toEqual([
      { name: "Furniture", count: 1 },
      { name: "Lighting", count: 2 },
    ]);
    expect(idsOf(await list("inStock=false"))).toHaveLength(5);
    expect(idsOf(await list("q=lamp&inStock=1&maxPrice=100"))).toEqual([ids.deskLamp]);
    const none = await list("q=zzzz");
    expect(none.body).toMatchObject({ count: 0, lastPage: 1, results: [] });
    expect(none.body.categories).toEqual([
      { name: "Furniture", count: 0 },
      { name: "Lighting", count: 0 },
    ]);
    // Blank parameters, as a form sends them, mean "not given".
    expect(idsOf(await list("q=&category=&sort=&inStock=&page="))).toHaveLength(5);
    // Only symbols or emoji: something was asked for that no product's words are, so nothing matches.
    for (const q of ["🌮", "!!!", "&&"]) {
      const symbols = await list(`q=${encodeURIComponent(q)}`);
      expect(symbols.body, q).toMatchObject({ count: 0, results: [] });
      expect(symbols.body.categories.every((category: { count: number }) => category.count === 0)).toBe(true);
    }
  });

  it("sorts by price both ways, newest, and relevance (the rank with a search, newest without)", async () => {
    expect(idsOf(await list("sort=price_asc"))).toEqual([ids.mouse, ids.deskLamp, ids.floorLamp, ids.oak, ids.walnut]);
    expect(idsOf(await list("sort=price_desc"))).toEqual([ids.walnut, ids.oak, ids.floorLamp, ids.deskLamp, ids.mouse]);
    expect(idsOf(await list("sort=newest"))).toEqual([ids.mouse, ids.floorLamp, ids.deskLamp, ids.oak, ids.walnut]);
    expect(idsOf(await list("sort=relevance"))).toEqual([ids.mouse, ids.floorLamp, ids.deskLamp, ids.oak, ids.walnut]);
    // "walnut" is the walnut desk's name but only the oak desk's description: the name ranks first.
    expect(idsOf(await list("q=walnut"))).toEqual([ids.walnut, ids.oak]);
    expect(idsOf(await list("q=walnut&sort=newest"))).toEqual([ids.oak, ids.walnut]);
    const bad = await list("sort=cheapest&inStock=maybe");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["inStock", "sort"]);
    // The storefront's page puts a shopper's reversed range in order; its API, like the catalog's, refuses one.
    const reversed = await list("minPrice=300&maxPrice=45");
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields).toEqual({ maxPrice: ["maxPrice must be at least minPrice."] });
  });

  it("pages with links, and a page past the end says where the end is", async () => {
    const first = await list("pageSize=2&sort=price_asc");
    expect(idsOf(first)).toEqual([ids.mouse, ids.deskLamp]);
    expect(first.body).toMatchObject({ count: 5, page: 1, lastPage: 3, previous: null });
    const next = new URL(first.body.next);
    expect(Object.fromEntries(next.searchParams)).toEqual({ page: "2", pageSize: "2", sort: "price_asc" });
    const last = await list("pageSize=2&sort=price_asc&page=3");
    expect(idsOf(last)).toEqual([ids.walnut]);
    expect(last.body.next).toBeNull();

    const beyond = await list("pageSize=2&sort=price_asc&page=9");
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ count: 5, page: 9, lastPage: 3, next: null, results: [] });
    // Back from beyond the end lands on the last page, not on page 8.
    expect(new URL(beyond.body.previous).searchParams.get("page")).toBe("3");
    // Far past the end (rows only read once the count says the page exists): the same answer.
    expect((await list("pageSize=100&page=500")).body).toMatchObject({ count: 5, page: 500, lastPage: 1, next: null, results: [] });
    expect((await list("pageSize=0")).status).toBe(400);
  });

  it("answers 404 JSON for an unknown or malformed slug", async () => {
    for (const slug of ["no-such-shop", "Not A Slug", "x".repeat(300)]) {
      const answer = await list("", slug);
      expect(answer.status, slug).toBe(404);
      expect(answer.body).toMatchObject({ error: "not_found" });
      expect((await callRoute(shopRoute.GET, { params: { slug } })).status).toBe(404);
    }
  });
});

describe("GET /api/shops/:slug/products/:product", () => {
  const one = (product: string, slug = shop.business.slug) => callRoute(shopProductRoute.GET, { params: { slug, product } });

  it("serves one approved product of this business with its live gallery", async () => {
    const answer = await one(ids.oak);
    expect(answer.status).toBe(200);
    expect(answer.body.business).toEqual({ name: shop.business.name, slug: shop.business.slug });
    expect(answer.body.product).toMatchObject({ id: ids.oak, name: "Oak Desk", price: "300.00", stock: 5, status: "approved" });
    expect(answer.body.product.images.map((image: { id: string }) => image.id)).toEqual([oakImageId]);
    expect(answer.body.product).not.toHaveProperty("createdBy");
  });

  it("is 404 for another business's product under this slug, a product that is not approved, a malformed id", async () => {
    for (const product of [hidden.foreign, hidden.draft, hidden.pending, hidden.rejected, "not-an-id", `${ids.oak}x`, crypto.randomUUID()]) {
      const answer = await one(product);
      expect(answer.status, product).toBe(404);
      expect(answer.body).toMatchObject({ error: "not_found" });
    }
    // The foreign product is served under its own storefront.
    expect((await one(hidden.foreign, other.business.slug)).status).toBe(200);
    expect((await one(ids.oak, "no-such-shop")).status).toBe(404);
  });
});

describe("the storefront directory and cards", () => {
  it("lists listed businesses with approved products, largest first; an unlisted one is absent but reachable by slug", async () => {
    const unlisted = await createBusiness({ shopListed: false });
    await createProduct({ businessId: unlisted.id, status: "approved", name: "Hidden Gem" });
    const empty = await createBusiness();
    await createProduct({ businessId: empty.id, status: "draft", name: "Not yet" });

    const directory = await callRoute(shopsRoute.GET, { path: "/api/shops" });
    expect(directory.status).toBe(200);
    expect(directory.body).toEqual({
      count: 2,
      next: null,
      previous: null,
      results: [
        { name: shop.business.name, slug: shop.business.slug, productCount: 5 },
        { name: other.business.name, slug: other.business.slug, productCount: 1 },
      ],
    });
    const paged = await callRoute(shopsRoute.GET, { path: "/api/shops?pageSize=1&page=2" });
    expect(paged.body.results).toEqual([{ name: other.business.name, slug: other.business.slug, productCount: 1 }]);
    expect((await callRoute(shopsRoute.GET, { path: "/api/shops?page=7" })).body).toMatchObject({ count: 2, results: [] });

    const card = await callRoute(shopRoute.GET, { params: { slug: unlisted.slug } });
    expect(card.status).toBe(200);
    expect(card.body).toEqual({ name: unlisted.name, slug: unlisted.slug, assistantName: "Assistant", productCount: 1, listed: false });
    expect((await list("", unlisted.slug)).body.count).toBe(1);
    expect((await callRoute(shopRoute.GET, { params: { slug: shop.business.slug } })).body).toMatchObject({ productCount: 5, listed: true });
  });
});

describe("the storefront settings (PATCH /api/business)", () => {
  const patch = (token: string, body: unknown) => callRoute(businessRoute.PATCH, { method: "PATCH", token, body });

  it("changes the slug (audited), refuses another business's slug with 409, and opts out of the directory", async () => {
    const team = await createTeam();
    await createProduct({ businessId: team.business.id, status: "approved", name: "Movable Lamp" });
    const token = await tokenFor(team.admin);
    const oldSlug = team.business.slug;
    const newSlug = `moved-${team.business.id.slice(0, 8)}`;

    const moved = await patch(token, { slug: newSlug });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ slug: newSlug, shopListed: true });
    expect((await callRoute(businessRoute.GET, { token: await tokenFor(team.viewer) })).body).toMatchObject({ slug: newSlug, shopListed: true });
    expect((await list("", newSlug)).body.count).toBe(1);
    expect((await list("", oldSlug)).status).toBe(404);
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.businessId, team.business.id), eq(auditLog.action, "business.update")));
    expect(audits.map((entry) => entry.summary)).toEqual([{ before: { slug: oldSlug }, after: { slug: newSlug } }]);

    const taken = await patch(token, { slug: shop.business.slug, shopListed: false });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: "conflict", fields: { slug: [expect.any(String)] } });
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, team.business.id));
    expect(row).toMatchObject({ slug: newSlug, shopListed: true });

    const editor = await patch(await tokenFor(team.editor), { slug: "editor-choice" });
    expect(editor.status).toBe(403);

    const directoryHas = async () =>
      (await callRoute(shopsRoute.GET, { path: "/api/shops?pageSize=100" })).body.results.some((entry: { slug: string }) => entry.slug === newSlug);
    expect(await directoryHas()).toBe(true);
    const optOut = await patch(token, { shopListed: false });
    expect(optOut.body).toMatchObject({ slug: newSlug, shopListed: false });
    expect(await directoryHas()).toBe(false);
    expect((await list("", newSlug)).status).toBe(200);
  });
});

describe("GET /api/products (every business)", () => {
  it("names each item's business and takes the same sort and inStock", async () => {
    const answer = await callRoute(productsRoute.GET, { path: `/api/products?business=${shop.business.slug}&sort=price_desc` });
    expect(answer.status).toBe(200);
    expect(idsOf(answer)).toEqual([ids.walnut, ids.oak, ids.floorLamp, ids.deskLamp, ids.mouse]);
    for (const product of answer.body.results) expect(product.business).toEqual({ name: shop.business.name, slug: shop.business.slug });
    const inStock = await callRoute(productsRoute.GET, { path: `/api/products?business=${shop.business.id}&inStock=true&sort=price_asc` });
    expect(idsOf(inStock)).toEqual([ids.mouse, ids.deskLamp, ids.floorLamp, ids.oak]);
    const everyone = await callRoute(productsRoute.GET, { path: "/api/products?q=desk&sort=price_asc&pageSize=100" });
    const foreign = everyone.body.results.find((product: { id: string }) => product.id === hidden.foreign);
    expect(foreign.business).toEqual({ name: other.business.name, slug: other.business.slug });
    expect((await callRoute(productsRoute.GET, { path: "/api/products?sort=best" })).status).toBe(400);
    const symbols = await callRoute(productsRoute.GET, { path: `/api/products?business=${shop.business.slug}&q=${encodeURIComponent("✨")}` });
    expect(symbols.body).toMatchObject({ count: 0, results: [] });
  });
});
