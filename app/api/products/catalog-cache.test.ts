import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as businessRoute from "@/app/api/business/route";
import * as productsRoute from "@/app/api/products/route";
import { getAppDatabase, getDb, transaction } from "@/db/client";
import { products } from "@/db/schema";
import { getSharedCache, SharedCache } from "@/lib/cache/shared";
import { announceCatalogChange, cachedCatalogAnswer } from "@/lib/products/catalog-cache";
import { CATALOG_COUNT_CAP } from "@/lib/products/queries";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;

/** A word no other test's product carries, so each search sees only its own products. */
function uniqueWord(): string {
  return `w${randomUUID().replace(/-/g, "").slice(0, 10)}`;
}

function search(team: Team, q: string, extra = "") {
  return callRoute(productsRoute.GET, { path: `/api/products?business=${team.business.id}&q=${encodeURIComponent(q)}${extra}` });
}

function names(response: { body: { results: { name: string }[] } }): string[] {
  return response.body.results.map((product) => product.name).sort();
}

let team: Team;
let admin: string;
let editor: string;
let approver: string;

beforeAll(async () => {
  await getSharedCache().whenListening();
  team = await createTeam();
  [admin, editor, approver] = await Promise.all([tokenFor(team.admin), tokenFor(team.editor), tokenFor(team.approver)]);
});

describe("the public catalog's shared cache", () => {
  it("keeps an answer until a change is announced: a row written behind the service's back stays unseen", async () => {
    const word = uniqueWord();
    await createProduct({ businessId: team.business.id, status: "approved", name: `First ${word}` });
    expect(names(await search(team, word))).toEqual([`First ${word}`]);
    // The factory writes without announcing, so only a cached answer can still miss this row.
    await createProduct({ businessId: team.business.id, status: "approved", name: `Second ${word}` });
    expect(names(await search(team, word))).toEqual([`First ${word}`]);
  });

  it("shows a product once it is approved, in the business's and in the cross-business answers", async () => {
    const word = uniqueWord();
    const pending = await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.editor.id, submittedBy: team.editor.id, name: `Pending ${word}` });
    expect((await search(team, word)).body.count).toBe(0);
    const everywhere = () => callRoute(productsRoute.GET, { path: `/api/products?q=${word}` });
    const bySlug = () => callRoute(productsRoute.GET, { path: `/api/products?business=${team.business.slug}&q=${word}` });
    expect((await everywhere()).body.count).toBe(0);
    expect((await bySlug()).body.count).toBe(0);
    expect((await callRoute(itemRoute.GET, { params: { id: pending.id } })).status).toBe(404);

    const approved = await callRoute(approveRoute.POST, { method: "POST", token: approver, params: { id: pending.id } });
    expect(approved.status).toBe(200);

    expect(names(await search(team, word))).toEqual([`Pending ${word}`]);
    expect(names(await everywhere())).toEqual([`Pending ${word}`]);
    expect(names(await bySlug())).toEqual([`Pending ${word}`]);
    expect((await callRoute(itemRoute.GET, { params: { id: pending.id } })).status).toBe(200);
  });

  it("shows a business's new name at once in the answers that name it", async () => {
    const word = uniqueWord();
    await createProduct({ businessId: team.business.id, status: "approved", name: `Named ${word}` });
    const everywhere = () => callRoute(productsRoute.GET, { path: `/api/products?q=${word}` });
    expect((await everywhere()).body.results[0].business.name).toBe(team.business.name);
    const renamed = `Renamed ${word}`;
    const patched = await callRoute(businessRoute.PATCH, { method: "PATCH", token: admin, body: { name: renamed } });
    expect(patched.status).toBe(200);
    expect((await everywhere()).body.results[0].business.name).toBe(renamed);
  });

  it("shows an approved edit, a stock change and a deletion at once", async () => {
    const word = uniqueWord();
    const live = await createProduct({ businessId: team.business.id, status: "approved", createdBy: team.editor.id, name: `Lamp ${word}`, stock: 5 });
    expect((await search(team, word)).body.results[0]).toMatchObject({ name: `Lamp ${word}`, stock: 5 });
    expect((await callRoute(itemRoute.GET, { params: { id: live.id } })).body).toMatchObject({ name: `Lamp ${word}` });

    // Stock is operational: it changes on the live product without review.
    const restocked = await callRoute(itemRoute.PATCH, { method: "PATCH", token: editor, params: { id: live.id }, body: { stock: 9 } });
    expect(restocked.status).toBe(200);
    expect((await search(team, word)).body.results[0]).toMatchObject({ stock: 9 });

    // A reviewed edit stays out of the catalog until it is approved, then replaces the live version.
    const edited = await callRoute(itemRoute.PATCH, {
      method: "PATCH",
      token: editor,
      params: { id: live.id },
      body: { name: `Desk lamp ${word}`, status: "pending_approval" },
    });
    expect(edited.status).toBe(200);
    expect(names(await search(team, word))).toEqual([`Lamp ${word}`]);
    expect((await callRoute(approveRoute.POST, { method: "POST", token: approver, params: { id: live.id } })).status).toBe(200);
    expect(names(await search(team, word))).toEqual([`Desk lamp ${word}`]);
    expect((await callRoute(itemRoute.GET, { params: { id: live.id } })).body).toMatchObject({ name: `Desk lamp ${word}` });

    expect((await callRoute(itemRoute.DELETE, { method: "DELETE", token: admin, params: { id: live.id } })).status).toBe(204);
    expect((await search(team, word)).body.count).toBe(0);
    expect((await callRoute(itemRoute.GET, { params: { id: live.id } })).status).toBe(404);
  });

  it("forgets an answer about a business named by its id in capitals when the business's products change", async () => {
    const word = uniqueWord();
    const live = await createProduct({ businessId: team.business.id, status: "approved", createdBy: team.editor.id, name: `Stool ${word}` });
    const shouted = () => callRoute(productsRoute.GET, { path: `/api/products?business=${team.business.id.toUpperCase()}&q=${word}` });
    expect(names(await shouted())).toEqual([`Stool ${word}`]);
    expect((await callRoute(itemRoute.DELETE, { method: "DELETE", token: admin, params: { id: live.id } })).status).toBe(204);
    expect((await shouted()).body.count).toBe(0);
  });

  it("loads an answer asked for many times at once only once, but never hands a read that follows a change what the change replaced", async () => {
    const key = `test:${uniqueWord()}`;
    let loads = 0;
    let release: () => void = () => undefined;
    const slowLoad = () => {
      loads += 1;
      const answer = loads;
      return new Promise<number>((resolve) => {
        release = () => resolve(answer);
      });
    };
    const together = Array.from({ length: 5 }, () => cachedCatalogAnswer({ businessId: team.business.id, key, load: slowLoad }));
    await vi.waitUntil(() => loads === 1, { timeout: 5_000, interval: 10 });
    release();
    expect(await Promise.all(together)).toEqual([1, 1, 1, 1, 1]);
    expect(loads).toBe(1);

    const changed = `test:${uniqueWord()}`;
    const before = cachedCatalogAnswer({ businessId: team.business.id, key: changed, load: slowLoad });
    await vi.waitUntil(() => loads === 2, { timeout: 5_000, interval: 10 });
    const releaseBefore = release;
    await transaction((tx) => announceCatalogChange(tx, team.business.id));
    const after = cachedCatalogAnswer({ businessId: team.business.id, key: changed, load: slowLoad });
    releaseBefore();
    expect(await before).toBe(2);
    await vi.waitUntil(() => loads === 3, { timeout: 5_000, interval: 10 });
    release();
    expect(await after).toBe(3);
  });

  describe("on another instance of the app", () => {
    let otherInstance: SharedCache;

    beforeAll(async () => {
      otherInstance = new SharedCache(getAppDatabase());
      await otherInstance.whenListening();
    });

    afterAll(async () => {
      await otherInstance.stop();
    });

    it("drops the business's answers when an approval commits here", async () => {
      const word = uniqueWord();
      const pending = await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.editor.id, submittedBy: team.editor.id, name: `Tent ${word}` });
      let loads = 0;
      const read = () => otherInstance.get("catalog", team.business.id, `q=${word}`, 60_000, async () => ++loads);
      expect(await read()).toBe(1);
      expect(await read()).toBe(1);
      const held = otherInstance.size;

      expect((await callRoute(approveRoute.POST, { method: "POST", token: approver, params: { id: pending.id } })).status).toBe(200);

      await vi.waitUntil(() => otherInstance.size < held, { timeout: 5_000, interval: 10 });
      expect(await read()).toBe(2);
    });
  });

  it("never keeps anything private in a shared answer, whoever asked first", async () => {
    const word = uniqueWord();
    const other = await createTeam();
    await createProduct({
      businessId: team.business.id,
      status: "approved",
      name: `Public ${word}`,
      createdBy: team.editor.id,
      approvedBy: team.approver.id,
      rejectionReason: "An old review note.",
    });
    await createProduct({ businessId: team.business.id, status: "draft", createdBy: team.editor.id, name: `Draft ${word}` });
    await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.editor.id, name: `Pending ${word}` });
    await createProduct({ businessId: team.business.id, status: "rejected", createdBy: team.editor.id, name: `Rejected ${word}` });
    await createProduct({ businessId: other.business.id, status: "draft", createdBy: other.editor.id, name: `Elsewhere ${word}` });

    // Members of the business ask first, so a cache keyed without the audience would hand their view on.
    const asMember = await search(team, word, "&pageSize=50");
    const asAnyone = await search(team, word, "&pageSize=50");
    const everywhereAsMember = await callRoute(productsRoute.GET, { path: `/api/products?q=${word}`, token: admin });
    const everywhere = await callRoute(productsRoute.GET, { path: `/api/products?q=${word}` });
    for (const answer of [asMember, asAnyone, everywhereAsMember, everywhere]) {
      expect(names(answer)).toEqual([`Public ${word}`]);
      for (const product of answer.body.results) {
        for (const field of ["createdBy", "editedBy", "submittedBy", "editors", "approvedBy", "rejectionReason", "revision"]) expect(product).not.toHaveProperty(field);
      }
    }

    const publicOne = asAnyone.body.results[0] as { id: string };
    const staffView = await callRoute(itemRoute.GET, { token: admin, params: { id: publicOne.id } });
    expect(staffView.body).toMatchObject({ rejectionReason: "An old review note.", revision: null });
    const publicView = await callRoute(itemRoute.GET, { params: { id: publicOne.id } });
    expect(publicView.body).not.toHaveProperty("rejectionReason");
    expect(publicView.body).not.toHaveProperty("createdBy");
    expect(publicView.body).not.toHaveProperty("revision");
  });

  it("lets browsers and CDNs keep only answers to requests without credentials", async () => {
    const word = uniqueWord();
    const product = await createProduct({ businessId: team.business.id, status: "approved", name: `Mug ${word}` });
    const listed = await search(team, word);
    const item = await callRoute(itemRoute.GET, { params: { id: product.id } });
    for (const kept of [listed, item]) {
      expect(kept.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      // A kept copy answers only requests without credentials: a member's (staff get the open change) asks the server.
      expect(kept.headers.get("vary")?.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(["authorization", "cookie"]));
    }
    const signedIn = await callRoute(productsRoute.GET, { path: `/api/products?q=${word}`, token: admin });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(itemRoute.GET, { token: admin, params: { id: product.id } })).headers.get("cache-control")).toBe("no-store");
    const withCookie = await callRoute(productsRoute.GET, { path: `/api/products?q=${word}`, headers: { cookie: "theme=dark" } });
    expect(withCookie.headers.get("cache-control")).toBeNull();
  });
});

describe("counting and ranking a broad search", () => {
  let crowded: Team;
  const word = uniqueWord();

  beforeAll(async () => {
    crowded = await createTeam();
    const rows = Array.from({ length: CATALOG_COUNT_CAP + 25 }, (_, index) => ({
      businessId: crowded.business.id,
      status: "approved" as const,
      name: `${index === 7 ? `${word} ${word} ${word}` : word} item ${index}`,
      description: "A product of a crowded catalog.",
      price: `${(index % 90) + 10}.00`,
    }));
    await getDb().insert(products).values(rows);
    await createProduct({ businessId: crowded.business.id, status: "approved", name: "Rare teapot", price: "500.00" });
  });

  it("counts up to the cap and says the count is capped", async () => {
    const first = await search(crowded, word);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true });
    expect(first.body.results).toHaveLength(20);
    expect(first.body.next).toContain("page=2");
    // The best match of the broad word still leads: its name says the word three times.
    expect(first.body.results[0].name).toBe(`${word} ${word} ${word} item 7`);

    const last = await search(crowded, word, `&page=${CATALOG_COUNT_CAP / 20}`);
    expect(last.body.results).toHaveLength(20);
    expect(last.body.next).toBeNull();
    const past = await search(crowded, word, `&page=${CATALOG_COUNT_CAP / 20 + 1}`);
    expect(past.body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true, results: [] });

    const browsing = await callRoute(productsRoute.GET, { path: `/api/products?business=${crowded.business.id}&sort=price_asc` });
    expect(browsing.body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true });
    expect(browsing.body.results[0].price).toBe("10.00");
    // Browsing reaches as deep as the count too: the last page is whole, a page past it is empty.
    const browse = (query: string) => callRoute(productsRoute.GET, { path: `/api/products?business=${crowded.business.id}&sort=price_asc${query}` });
    const lastBrowsed = await browse(`&page=${CATALOG_COUNT_CAP / 20}`);
    expect(lastBrowsed.body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true, next: null });
    expect(lastBrowsed.body.results).toHaveLength(20);
    expect((await browse(`&page=${CATALOG_COUNT_CAP / 20 + 1}`)).body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true, results: [] });
    // A page size that does not divide the cap: the page across it holds only the rows up to it.
    const across = await browse(`&pageSize=30&page=${Math.ceil(CATALOG_COUNT_CAP / 30)}`);
    expect(across.body).toMatchObject({ count: CATALOG_COUNT_CAP, countCapped: true });
    expect(across.body.results).toHaveLength(CATALOG_COUNT_CAP % 30);
  });

  it("counts exactly below the cap", async () => {
    const narrow = await search(crowded, "teapot");
    expect(narrow.body).toMatchObject({ count: 1, countCapped: false });
    const cheap = await callRoute(productsRoute.GET, { path: `/api/products?business=${crowded.business.id}&maxPrice=10.00&pageSize=5` });
    expect(cheap.body).toMatchObject({ count: 12, countCapped: false });
    expect(cheap.body.results).toHaveLength(5);
    const lastCheap = await callRoute(productsRoute.GET, { path: `/api/products?business=${crowded.business.id}&maxPrice=10.00&pageSize=5&page=3` });
    expect(lastCheap.body).toMatchObject({ count: 12, countCapped: false, next: null });
    expect(lastCheap.body.results).toHaveLength(2);
  });
});

describe("short search words", () => {
  it("match whole words below three characters and prefixes from three", async () => {
    const shop = await createTeam();
    await createProduct({ businessId: shop.business.id, status: "approved", name: "Ox Yoke" });
    await createProduct({ businessId: shop.business.id, status: "approved", name: "Oxford Shoe" });
    expect(names(await search(shop, "o"))).toEqual([]);
    expect(names(await search(shop, "ox"))).toEqual(["Ox Yoke"]);
    expect(names(await search(shop, "oxf"))).toEqual(["Oxford Shoe"]);
    expect(names(await search(shop, "OX yok"))).toEqual(["Ox Yoke"]);
  });
});
