import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as historyRoute from "@/app/api/products/[id]/history/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import * as productsRoute from "@/app/api/products/route";
import { getDb } from "@/db/client";
import { auditLog, products, type ProductStatus } from "@/db/schema";
import { createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let admin: string;
let editor: string;
let approver: string;

beforeAll(async () => {
  team = await createTeam();
  [admin, editor, approver] = await Promise.all([tokenFor(team.admin), tokenFor(team.editor), tokenFor(team.approver)]);
});

async function auditOf(productId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId)))
    .orderBy(auditLog.createdAt);
}

function product(status: ProductStatus, extra: Partial<Parameters<typeof createProduct>[0]> = {}) {
  return createProduct({ businessId: team.business.id, createdBy: team.editor.id, status, ...extra });
}

function publicSearch(q: string) {
  return callRoute(productsRoute.GET, {
    path: `/api/products?business=${team.business.id}&q=${encodeURIComponent(q)}`,
  });
}

describe("product lifecycle", () => {
  it("runs draft → pending → approved with every step audited, approver stamps recorded", async () => {
    const created = await callRoute(productsRoute.POST, {
      token: editor,
      body: { name: "Lifecycle kettle", description: "Boils water.", price: "39.90", stock: 5 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "draft",
      businessId: team.business.id,
      createdBy: team.editor.id,
      price: "39.90",
      stock: 5,
      approvedBy: null,
      approvedAt: null,
    });
    const id = created.body.id as string;
    expect(Object.keys(created.body).sort()).toEqual(
      [
        "id", "businessId", "name", "description", "price", "sku", "category", "stock", "status",
        "createdBy", "editedBy", "submittedBy", "editors", "approvedBy", "approvedAt", "rejectionReason", "createdAt", "updatedAt", "images",
      ].sort(),
    );

    expect(created.body).toMatchObject({ editedBy: null, submittedBy: null });

    const submitted = await callRoute(submitRoute.POST, { token: editor, method: "POST", params: { id } });
    expect(submitted.body).toMatchObject({ status: "pending_approval", submittedBy: team.editor.id });
    expect((await publicSearch("lifecycle kettle")).body.count).toBe(0);

    const approved = await callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", approvedBy: team.approver.id });
    expect(Date.parse(approved.body.approvedAt)).not.toBeNaN();
    expect((await publicSearch("lifecycle kettle")).body.results[0].id).toBe(id);

    const entries = await auditOf(id);
    expect(entries.map((entry) => entry.action)).toEqual(["product.create", "product.submit", "product.approve"]);
    expect(entries[2]).toMatchObject({ actorId: team.approver.id, businessId: team.business.id });
    expect(entries[2]!.summary).toMatchObject({ from: "pending_approval", to: "approved" });

    const history = await callRoute(historyRoute.GET, { token: editor, params: { id } });
    expect(history.status).toBe(200);
    expect(history.body.results.map((entry: { action: string }) => entry.action)).toEqual([
      "product.approve",
      "product.submit",
      "product.create",
    ]);
  });

  it("a create may ask for pending_approval directly", async () => {
    const created = await callRoute(productsRoute.POST, {
      token: editor,
      body: { name: "Fast track", description: "Straight to review.", price: "1.00", status: "pending_approval" },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("pending_approval");
  });

  it("reject stores the reason; the editor sees it, edits (→ draft) and resubmits (reason cleared)", async () => {
    const { id } = await product("pending_approval");
    const rejected = await callRoute(rejectRoute.POST, {
      token: approver,
      params: { id },
      body: { reason: "  Photo is missing  " },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "Photo is missing" });
    const seen = await callRoute(itemRoute.GET, { token: editor, params: { id } });
    expect(seen.body.rejectionReason).toBe("Photo is missing");

    const edited = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { name: "Fixed" } });
    expect(edited.body).toMatchObject({ status: "draft", name: "Fixed" });
    const resubmitted = await callRoute(submitRoute.POST, { token: editor, method: "POST", params: { id } });
    expect(resubmitted.body).toMatchObject({ status: "pending_approval", rejectionReason: null });
    const [entry] = (await auditOf(id)).filter((e) => e.action === "product.reject");
    expect(entry!.summary).toMatchObject({ reason: "Photo is missing" });
  });

  it("a rejected product may also be submitted again directly", async () => {
    const { id } = await product("rejected", { rejectionReason: "No" });
    const response = await callRoute(submitRoute.POST, { token: editor, method: "POST", params: { id } });
    expect(response.body.status).toBe("pending_approval");
  });

  it("PATCH with status pending_approval edits and submits in one step", async () => {
    const { id } = await product("draft");
    const response = await callRoute(itemRoute.PATCH, {
      token: editor,
      method: "PATCH",
      params: { id },
      body: { price: "5.55", status: "pending_approval" },
    });
    expect(response.body).toMatchObject({ status: "pending_approval", price: "5.55" });
  });

  it("reject without a reason (or a blank or too long one) → 400 and nothing changes", async () => {
    const { id } = await product("pending_approval");
    for (const body of [{}, { reason: "   " }, { reason: "x".repeat(501) }]) {
      const response = await callRoute(rejectRoute.POST, { token: approver, params: { id }, body });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(response.body.fields).toHaveProperty("reason");
    }
    const [row] = await getDb().select().from(products).where(eq(products.id, id));
    expect(row!.status).toBe("pending_approval");
    expect(await auditOf(id)).toHaveLength(0);
  });

  describe("every wrong transition → 409 invalid_transition, nothing written", () => {
    const wrong: { action: "submit" | "approve" | "reject"; from: ProductStatus }[] = [
      { action: "submit", from: "pending_approval" },
      { action: "submit", from: "approved" },
      { action: "approve", from: "draft" },
      { action: "approve", from: "approved" },
      { action: "approve", from: "rejected" },
      { action: "reject", from: "draft" },
      { action: "reject", from: "approved" },
      { action: "reject", from: "rejected" },
    ];
    for (const { action, from } of wrong) {
      it(`${action} from ${from}`, async () => {
        const { id } = await product(from);
        const handler = { submit: submitRoute.POST, approve: approveRoute.POST, reject: rejectRoute.POST }[action];
        const response = await callRoute(handler, { token: admin, params: { id }, body: action === "reject" ? { reason: "r" } : {} });
        expect(response.status).toBe(409);
        expect(response.body.error).toBe("invalid_transition");
        const [row] = await getDb().select().from(products).where(eq(products.id, id));
        expect(row!.status).toBe(from);
        expect(await auditOf(id)).toHaveLength(0);
      });
    }
  });

  it("editing an approved product opens a revision and keeps the live version public (tests in revisions.test.ts)", async () => {
    const { id } = await product("approved", {
      name: "Orbital sander",
      price: "89.00",
      approvedBy: team.approver.id,
      approvedAt: new Date(),
    });
    expect((await publicSearch("orbital sander")).body.count).toBe(1);
    const response = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { price: "79.00" } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: "approved", price: "89.00", revision: { status: "draft", price: "79.00", editedBy: team.editor.id } });
    expect((await publicSearch("orbital sander")).body.results[0]).toMatchObject({ id, price: "89.00" });
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "product.update", actorId: team.editor.id });
    expect(entry!.summary).toMatchObject({ changed: ["price"], before: { status: "approved", price: "89.00" }, after: { status: "draft", price: "79.00" } });
  });

  it("an editor editing a pending product → 409 invalid_transition; an admin may, and it stays pending", async () => {
    const { id } = await product("pending_approval");
    const byEditor = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { name: "Nope" } });
    expect(byEditor.status).toBe(409);
    expect(byEditor.body.error).toBe("invalid_transition");
    const byAdmin = await callRoute(itemRoute.PATCH, { token: admin, method: "PATCH", params: { id }, body: { name: "Fixed typo" } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ status: "pending_approval", name: "Fixed typo" });
  });

  it("an editor's draft edit keeps it a draft", async () => {
    const { id } = await product("draft");
    const response = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { stock: null, sku: "SKU-DRAFT-1" } });
    expect(response.body).toMatchObject({ status: "draft", stock: null, sku: "SKU-DRAFT-1" });
  });

  it("a SKU already used in the business → 409 conflict on create and edit", async () => {
    await product("draft", { sku: "DUP-1" });
    const create = await callRoute(productsRoute.POST, {
      token: editor,
      body: { name: "Dup", description: "Dup", price: "1.00", sku: "DUP-1" },
    });
    expect(create.status).toBe(409);
    expect(create.body.fields).toHaveProperty("sku");
    const { id } = await product("draft");
    const edit = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { sku: "DUP-1" } });
    expect(edit.status).toBe(409);
    const other = await createTeam();
    const elsewhere = await callRoute(productsRoute.POST, {
      token: await tokenFor(other.editor),
      body: { name: "Dup", description: "Dup", price: "1.00", sku: "DUP-1" },
    });
    expect(elsewhere.status).toBe(201);
  });

  it("SKUs are unique whatever their case: another spelling of a taken one is 409 naming both, on create and edit; a product may recase its own", async () => {
    const tag = crypto.randomUUID().slice(0, 6).toUpperCase();
    const holder = await product("approved", { sku: `ABC-${tag}` });
    const create = await callRoute(productsRoute.POST, { token: editor, body: { name: "Lower", description: "Lower", price: "1.00", sku: `abc-${tag.toLowerCase()}` } });
    expect(create.status, JSON.stringify(create.body)).toBe(409);
    expect(create.body).toMatchObject({ error: "conflict", fields: { sku: [expect.stringContaining(`ABC-${tag}`)] } });
    expect(create.body.detail).toContain(`"abc-${tag.toLowerCase()}"`);
    expect(create.body.detail).toContain(`"ABC-${tag}"`);

    const { id } = await product("draft", { sku: `OTHER-${tag}` });
    const edit = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { sku: `Abc-${tag.toLowerCase()}` } });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toContain(`"ABC-${tag}"`);
    const recased = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id }, body: { sku: `other-${tag.toLowerCase()}` } });
    expect(recased.body).toMatchObject({ sku: `other-${tag.toLowerCase()}` });
    // The one holding it, live: its change may recase it too.
    const revised = await callRoute(itemRoute.PATCH, { token: editor, method: "PATCH", params: { id: holder.id }, body: { sku: `abc-${tag.toLowerCase()}` } });
    expect(revised.body).toMatchObject({ sku: `ABC-${tag}`, revision: { sku: `abc-${tag.toLowerCase()}` } });
  });

  it("delete (admin) → 204, audited, then 404", async () => {
    const { id } = await product("approved");
    const response = await callRoute(itemRoute.DELETE, { token: admin, method: "DELETE", params: { id } });
    expect(response.status).toBe(204);
    expect((await callRoute(itemRoute.GET, { token: admin, params: { id } })).status).toBe(404);
    expect((await auditOf(id)).map((entry) => entry.action)).toEqual(["product.delete"]);
    expect((await callRoute(itemRoute.DELETE, { token: admin, method: "DELETE", params: { id } })).status).toBe(404);
  });

  it("a malformed id is a 404, not a database error", async () => {
    const response = await callRoute(itemRoute.GET, { token: admin, params: { id: "1 or 1=1" } });
    expect(response.status).toBe(404);
    const approve = await callRoute(approveRoute.POST, { token: admin, method: "POST", params: { id: "nope" } });
    expect(approve.status).toBe(404);
  });

  it("ten concurrent approvals → exactly one 200, nine 409 invalid_transition, one audit entry", async () => {
    const { id } = await product("pending_approval");
    const approvers = await Promise.all(
      Array.from({ length: 9 }, () => createUser({ businessId: team.business.id, role: "approver" })),
    );
    const tokens = [approver, ...(await Promise.all(approvers.map((user) => tokenFor(user))))];
    const responses = await Promise.all(
      tokens.map((token) => callRoute(approveRoute.POST, { token, method: "POST", params: { id } })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body.error).toBe("invalid_transition");
    }
    const winner = responses.find((response) => response.status === 200)!;
    const [row] = await getDb().select().from(products).where(eq(products.id, id));
    expect(row!.approvedBy).toBe(winner.body.approvedBy);
    const entries = await auditOf(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "product.approve", actorId: winner.body.approvedBy });
  });

  it("an approver who lost to a reject learns the product moved on (409), not that it vanished", async () => {
    const { id } = await product("pending_approval");
    expect((await callRoute(rejectRoute.POST, { token: admin, params: { id }, body: { reason: "Wrong colour" } })).status).toBe(200);
    const late = await callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id } });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe("invalid_transition");
    expect(late.body.detail).not.toContain("rejected");
    // Approvers still do not see rejected products.
    expect((await callRoute(itemRoute.GET, { token: approver, params: { id } })).status).toBe(404);
    // A draft was never theirs to review: still 404.
    const draft = await product("draft");
    expect((await callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id: draft.id } })).status).toBe(404);
  });

  it("an approve racing a reject: exactly one wins", async () => {
    const { id } = await product("pending_approval");
    const [a, b] = await Promise.all([
      callRoute(approveRoute.POST, { token: approver, method: "POST", params: { id } }),
      callRoute(rejectRoute.POST, { token: admin, params: { id }, body: { reason: "Too late" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(loser.body.error).toBe("invalid_transition");
    expect(await auditOf(id)).toHaveLength(1);
    // The stored product is exactly the winner's result: the loser wrote nothing.
    const stored = await callRoute(itemRoute.GET, { token: admin, params: { id } });
    expect(stored.body).toMatchObject({ status: winner.body.status, rejectionReason: winner.body.rejectionReason });
  });
});
