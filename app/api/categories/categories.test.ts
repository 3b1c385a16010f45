import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as categoryRoute from "@/app/api/categories/[id]/route";
import * as mergeRoute from "@/app/api/categories/[id]/merge/route";
import * as categoriesRoute from "@/app/api/categories/route";
import * as internalRoute from "@/app/api/products/internal/route";
import { getDb } from "@/db/client";
import { auditLog, productCategories, productRevisions, products, type ProductStatus } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Tokens = Record<"admin" | "editor" | "approver" | "viewer", string>;
let team: Team;
let other: Team;
let tokens: Tokens;
let otherTokens: Tokens;

async function tokensOf(of: Team): Promise<Tokens> {
  const [admin, editor, approver, viewer] = await Promise.all([of.admin, of.editor, of.approver, of.viewer].map(tokenFor));
  return { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
}

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  [tokens, otherTokens] = await Promise.all([tokensOf(team), tokensOf(other)]);
});

/** A name no other test of this file uses. */
function unique(label: string): string {
  return `${label} ${randomUUID().slice(0, 6)}`;
}

function create(name: unknown, token = tokens.editor) {
  return callRoute(categoriesRoute.POST, { token, path: "/api/categories", body: { name } });
}

function list(token = tokens.editor) {
  return callRoute(categoriesRoute.GET, { token, path: "/api/categories" });
}

function rename(id: string, name: unknown, token = tokens.editor) {
  return callRoute(categoryRoute.PATCH, { token, method: "PATCH", params: { id }, body: { name } });
}

function merge(id: string, into: unknown, token = tokens.editor) {
  return callRoute(mergeRoute.POST, { token, params: { id }, body: { into } });
}

function remove(id: string, token = tokens.editor) {
  return callRoute(categoryRoute.DELETE, { token, method: "DELETE", params: { id } });
}

function product(category: string | null, status: ProductStatus = "draft") {
  return createProduct({ businessId: team.business.id, createdBy: team.editor.id, status, category });
}

async function revisionOf(productRow: { id: string; name: string; businessId: string }, input: { category: string; status: ProductStatus }) {
  const [row] = await getDb()
    .insert(productRevisions)
    .values({
      productId: productRow.id,
      businessId: productRow.businessId,
      name: productRow.name,
      description: "A pending change.",
      price: "12.00",
      category: input.category,
      status: input.status,
      createdBy: team.editor.id,
    })
    .returning();
  return row!;
}

async function categoryOf(productId: string) {
  const [row] = await getDb().select({ category: products.category, status: products.status, updatedAt: products.updatedAt }).from(products).where(eq(products.id, productId));
  return row!;
}

async function auditsFor(entityId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "category"), eq(auditLog.entityId, entityId)))
    .orderBy(auditLog.createdAt);
}

async function categoryRow(id: string) {
  const [row] = await getDb().select().from(productCategories).where(eq(productCategories.id, id));
  return row ?? null;
}

describe("categories: a managed list per business", () => {
  it("creates one (201, spelling tidied, audited); the same name in any case is a 409 with a field error and the existing id", async () => {
    const name = unique("Garden tools");
    const created = await create(`  ${name.replace(" ", "   ")}  `);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name, productCount: 0 });
    const audits = await auditsFor(created.body.id);
    expect(audits.map((entry) => [entry.action, entry.actorId, entry.summary])).toEqual([["category.create", team.editor.id, { name }]]);

    const duplicate = await create(name.toUpperCase());
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: "conflict", categoryId: created.body.id, fields: { name: [expect.stringContaining(name)] } });

    // Another business may have the same name: the list is per business.
    expect((await create(name, otherTokens.editor)).status).toBe(201);

    for (const bad of ["", "   ", "x".repeat(101), 42, null]) {
      const response = await create(bad);
      expect({ bad, status: response.status, field: Object.keys(response.body.fields ?? {}) }).toEqual({ bad, status: 400, field: ["name"] });
    }
  });

  it("lists the business's categories by name (any case) with product counts, for staff only; only admins and editors manage them", async () => {
    const prefix = randomUUID().slice(0, 6);
    const [b, a] = [`${prefix} beta`, `${prefix} Alpha`];
    await product(b);
    await product(b, "approved");
    await product(a);
    const counted = async (token: string) =>
      ((await list(token)).body.results as { name: string; productCount: number }[]).filter((row) => row.name.startsWith(prefix)).map((row) => [row.name, row.productCount]);
    // Each counts what its product list shows: an editor every status, an approver no drafts (a filter
    // offering "Drafts (1)" to someone who cannot list drafts would always come back empty).
    expect(await counted(tokens.editor)).toEqual([
      [a, 1],
      [b, 2],
    ]);
    expect(await counted(tokens.approver)).toEqual([
      [a, 0],
      [b, 1],
    ]);
    const response = await list(tokens.approver);
    expect(response.status).toBe(200);
    const mine = (response.body.results as { name: string }[]).filter((row) => row.name.startsWith(prefix));
    expect(response.body.count).toBe(response.body.results.length);
    const names = (response.body.results as { name: string }[]).map((row) => row.name.toLowerCase());
    expect(names).toEqual([...names].sort());

    expect((await list(tokens.viewer)).status).toBe(403);
    expect((await list(null as unknown as string)).status).toBe(401);
    for (const token of [tokens.approver, tokens.viewer]) {
      expect((await create(unique("Refused"), token)).status).toBe(403);
    }
    const id = mine.length ? (response.body.results as { id: string; name: string }[]).find((row) => row.name === a)!.id : "";
    expect((await rename(id, unique("Nope"), tokens.approver)).status).toBe(403);
    expect((await remove(id, tokens.viewer)).status).toBe(403);
    expect((await merge(id, randomUUID(), tokens.approver)).status).toBe(403);
    expect((await create(unique("Admin made"), tokens.admin)).status).toBe(201);
  });

  it("a rename reaches every product and revision at once without touching their status or version; another category's name is a 409 that suggests a merge", async () => {
    const from = unique("Lamps");
    const category = (await create(from)).body;
    const draft = await product(from);
    const live = await product(from, "approved");
    const revision = await revisionOf(live, { category: from, status: "pending_approval" });
    const before = await categoryOf(live.id);

    const to = unique("Lighting");
    const renamed = await rename(category.id, to);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: category.id, name: to, productCount: 2 });
    expect((await categoryOf(draft.id)).category).toBe(to);
    expect(await categoryOf(live.id)).toEqual({ ...before, category: to });
    const [revised] = await getDb().select({ category: productRevisions.category }).from(productRevisions).where(eq(productRevisions.id, revision.id));
    expect(revised!.category).toBe(to);
    // The staff list's category filter finds them under the new name only.
    const filtered = await callRoute(internalRoute.GET, { token: tokens.editor, path: `/api/products/internal?category=${encodeURIComponent(to)}` });
    expect(filtered.body.results.map((row: { id: string }) => row.id).sort()).toEqual([draft.id, live.id].sort());
    const audits = await auditsFor(category.id);
    expect(audits.at(-1)).toMatchObject({ action: "category.rename", actorId: team.editor.id, summary: { from, to, products: 2 } });

    // Only the case changes: the same category, renamed.
    const shouted = await rename(category.id, to.toUpperCase());
    expect(shouted.status).toBe(200);
    expect(shouted.body.name).toBe(to.toUpperCase());

    const taken = (await create(unique("Desk"))).body;
    const clash = await rename(category.id, taken.name.toLowerCase());
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: "conflict", categoryId: taken.id, fields: { name: [expect.stringMatching(/merge/i)] } });
    expect((await categoryRow(category.id))!.name).toBe(to.toUpperCase());

    expect((await rename(randomUUID(), unique("Ghost"))).status).toBe(404);
    expect((await rename("not-an-id", unique("Ghost"))).status).toBe(404);
  });

  it("a merge moves every product and revision onto the target and deletes the source in one step, audited", async () => {
    const source = (await create(unique("Lanterns"))).body;
    const target = (await create(unique("Outdoor lighting"))).body;
    const moved = [await product(source.name), await product(source.name, "approved"), await product(source.name, "pending_approval")];
    const staying = await product(target.name);
    const open = await revisionOf(moved[1]!, { category: source.name, status: "draft" });
    const versions = await Promise.all(moved.map((row) => categoryOf(row.id)));

    const response = await merge(source.id, target.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ category: { id: target.id, name: target.name, productCount: 4 }, moved: { products: 3, revisions: 1 } });
    for (const [index, row] of moved.entries()) expect(await categoryOf(row.id)).toEqual({ ...versions[index]!, category: target.name });
    expect((await categoryOf(staying.id)).category).toBe(target.name);
    const [revision] = await getDb().select({ category: productRevisions.category }).from(productRevisions).where(eq(productRevisions.id, open.id));
    expect(revision!.category).toBe(target.name);
    expect(await categoryRow(source.id)).toBeNull();
    expect((await auditsFor(source.id)).at(-1)).toMatchObject({
      action: "category.merge",
      summary: { from: source.name, into: target.name, intoId: target.id, products: 3, revisions: 1 },
    });

    // The source is gone; into itself, into nothing, or a non-id are refused and change nothing.
    expect((await merge(source.id, target.id)).status).toBe(404);
    const self = await merge(target.id, target.id);
    expect([self.status, Object.keys(self.body.fields)]).toEqual([400, ["into"]]);
    expect((await merge(target.id, randomUUID())).status).toBe(404);
    expect((await merge(target.id, "lamps")).status).toBe(400);
    expect((await categoryRow(target.id))!.name).toBe(target.name);
  });

  it("a category in use cannot be deleted (409 naming how many); an unused one can, and history forgets its name", async () => {
    const used = (await create(unique("Rugs"))).body;
    const rows = [await product(used.name), await product(used.name, "approved")];
    const refused = await remove(used.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", products: 2, detail: expect.stringContaining("2 products use it") });
    expect(await categoryRow(used.id)).not.toBeNull();
    expect((await categoryOf(rows[0]!.id)).category).toBe(used.name);

    // Only a product's pending change names it: still in use.
    const pendingOnly = (await create(unique("Throws"))).body;
    const live = await product(null, "approved");
    const open = await revisionOf(live, { category: pendingOnly.name, status: "pending_approval" });
    const pendingAnswer = await remove(pendingOnly.id);
    expect(pendingAnswer.status).toBe(409);
    expect(pendingAnswer.body.detail).toContain("1 pending change names it");
    await getDb().update(productRevisions).set({ status: "approved" }).where(eq(productRevisions.id, open.id));

    // Now only the product's history names it: deleted, and the old revision keeps everything else.
    const deleted = await remove(pendingOnly.id);
    expect(deleted.status).toBe(204);
    expect(await categoryRow(pendingOnly.id)).toBeNull();
    const [history] = await getDb().select().from(productRevisions).where(eq(productRevisions.id, open.id));
    expect(history).toMatchObject({ category: null, name: live.name, status: "approved" });
    expect((await auditsFor(pendingOnly.id)).at(-1)).toMatchObject({ action: "category.delete", summary: { name: pendingOnly.name } });

    const unused = (await create(unique("Vases"))).body;
    expect((await remove(unused.id, tokens.admin)).status).toBe(204);
    expect((await remove(unused.id)).status).toBe(404);
  });

  it("another business's category answers like one that does not exist, and is never changed or listed", async () => {
    const theirs = (await create(unique("Their secret range"), otherTokens.editor)).body;
    const theirProduct = await createProduct({ businessId: other.business.id, status: "draft", category: theirs.name });
    const mine = (await create(unique("My range"))).body;
    const none = randomUUID();

    const pairs: [string, (id: string) => Promise<{ status: number; text: string }>][] = [
      ["rename", (id) => rename(id, unique("Hijacked"), tokens.admin)],
      ["delete", (id) => remove(id, tokens.admin)],
      ["merge from", (id) => merge(id, mine.id, tokens.admin)],
      ["merge into", (id) => merge(mine.id, id, tokens.admin)],
    ];
    for (const [what, call] of pairs) {
      const forTheirs = await call(theirs.id);
      const forNone = await call(none);
      expect({ what, status: forTheirs.status, text: forTheirs.text.replaceAll(theirs.id, "<id>") }).toEqual({
        what,
        status: 404,
        text: forNone.text.replaceAll(none, "<id>"),
      });
    }
    expect(await categoryRow(theirs.id)).toMatchObject({ name: theirs.name, businessId: other.business.id });
    expect(await categoryRow(mine.id)).not.toBeNull();
    expect((await categoryOf(theirProduct.id)).category).toBe(theirs.name);
    const listed = await list(tokens.admin);
    expect(listed.text).not.toContain(theirs.name);
    expect(listed.text).not.toContain(theirs.id);
    const audits = await getDb().select().from(auditLog).where(and(eq(auditLog.businessId, other.business.id), inArray(auditLog.entityId, [theirs.id])));
    expect(audits.map((entry) => entry.action)).toEqual(["category.create"]);
  });
});
