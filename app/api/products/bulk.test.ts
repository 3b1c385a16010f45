import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/products/bulk/route";
import * as internalRoute from "@/app/api/products/internal/route";
import * as productRoute from "@/app/api/products/[id]/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import { getDb } from "@/db/client";
import { auditLog, products, type ProductStatus } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let tokens: { admin: string; editor: string; approver: string; viewer: string };

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  const [admin, editor, approver, viewer] = await Promise.all([team.admin, team.editor, team.approver, team.viewer].map(tokenFor));
  tokens = { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
});

function product(status: ProductStatus, extra: Partial<Parameters<typeof createProduct>[0]> = {}) {
  return createProduct({ businessId: team.business.id, createdBy: team.editor.id, status, ...extra });
}

function bulk(token: string | null, body: unknown) {
  return callRoute(bulkRoute.POST, { token, path: "/api/products/bulk", body });
}

async function statusesOf(ids: string[]): Promise<Map<string, ProductStatus>> {
  const rows = await getDb().select({ id: products.id, status: products.status }).from(products).where(inArray(products.id, ids));
  return new Map(rows.map((row) => [row.id, row.status]));
}

async function auditsOf(action: string, ids: string[]) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityType, "product"), inArray(auditLog.entityId, ids)));
}

describe("POST /api/products/bulk", () => {
  it("an approver approves 20 selected pending products, 3 of which they created: 17 approved, 3 refused with reasons, 17 audit entries", async () => {
    const theirs = await Promise.all(Array.from({ length: 17 }, () => product("pending_approval", { submittedBy: team.editor.id })));
    // Created by the approver (e.g. while they were an editor): separation of duties refuses them.
    const own = await Promise.all(Array.from({ length: 3 }, () => product("pending_approval", { createdBy: team.approver.id })));
    // The approver's selection order, with their own products among the others.
    const selected = [...theirs.slice(0, 5), own[0]!, ...theirs.slice(5, 11), own[1]!, ...theirs.slice(11), own[2]!].map((row) => row.id);
    expect(selected).toHaveLength(20);

    const response = await bulk(tokens.approver, { action: "approve", ids: selected });
    expect(response.status).toBe(200);
    const results = response.body.results as { id: string; ok: boolean; error?: { code: string; message: string } }[];
    expect(results.map((result) => result.id)).toEqual(selected);
    const ownIds = new Set(own.map((row) => row.id));
    for (const result of results) {
      if (ownIds.has(result.id)) {
        expect(result).toEqual({ id: result.id, ok: false, error: { code: "forbidden", message: expect.stringMatching(/created, edited or submitted/) } });
      } else {
        expect(result).toEqual({ id: result.id, ok: true });
      }
    }
    expect(results.filter((result) => result.ok)).toHaveLength(17);

    const statuses = await statusesOf(selected);
    expect(theirs.every((row) => statuses.get(row.id) === "approved")).toBe(true);
    expect(own.every((row) => statuses.get(row.id) === "pending_approval")).toBe(true);

    const audits = await auditsOf("product.approve", selected);
    expect(audits).toHaveLength(17);
    expect(new Set(audits.map((entry) => entry.entityId))).toEqual(new Set(theirs.map((row) => row.id)));
    expect(audits.every((entry) => entry.actorId === team.approver.id && entry.businessId === team.business.id)).toBe(true);
  });

  it("reject needs a reason (400, nothing changed); with one, every product gets it and its own audit entry", async () => {
    const rows = await Promise.all([product("pending_approval"), product("pending_approval")]);
    const ids = rows.map((row) => row.id);

    const missing = await bulk(tokens.approver, { action: "reject", ids });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("invalid_request");
    expect(missing.body.fields.reason).toEqual(["A reason is required to reject."]);
    const blank = await bulk(tokens.approver, { action: "reject", ids, reason: "   " });
    expect(blank.status).toBe(400);
    expect([...(await statusesOf(ids)).values()]).toEqual(["pending_approval", "pending_approval"]);

    const reason = "Photos are missing; add them and resubmit.";
    const response = await bulk(tokens.approver, { action: "reject", ids, reason });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual(ids.map((id) => ({ id, ok: true })));
    const stored = await getDb().select({ status: products.status, reason: products.rejectionReason }).from(products).where(inArray(products.id, ids));
    expect(stored).toEqual([
      { status: "rejected", reason },
      { status: "rejected", reason },
    ]);
    const audits = await auditsOf("product.reject", ids);
    expect(audits).toHaveLength(2);
    expect(audits.every((entry) => (entry.summary as { reason?: string }).reason === reason)).toBe(true);
  });

  it("a role with none of the action → 403 for the whole request and nothing changes: an editor deleting, an approver submitting, a viewer approving", async () => {
    const draft = await product("draft");
    const pending = await product("pending_approval");
    const cases = [
      { token: tokens.editor, body: { action: "delete", ids: [draft.id] } },
      { token: tokens.approver, body: { action: "submit", ids: [draft.id] } },
      { token: tokens.viewer, body: { action: "approve", ids: [pending.id] } },
      { token: tokens.editor, body: { action: "approve", ids: [pending.id] } },
    ];
    for (const { token, body } of cases) {
      const response = await bulk(token, body);
      expect({ action: body.action, status: response.status, error: response.body.error }).toEqual({ action: body.action, status: 403, error: "forbidden" });
    }
    expect(Object.fromEntries(await statusesOf([draft.id, pending.id]))).toEqual({ [draft.id]: "draft", [pending.id]: "pending_approval" });
    expect(await auditsOf("product.delete", [draft.id])).toHaveLength(0);
    expect((await bulk(null, { action: "submit", ids: [draft.id] })).status).toBe(401);
  });

  it("refuses a malformed list (400): over 100 ids, duplicate ids, none, a non-id, an unknown action, a reason on another action", async () => {
    const draft = await product("draft");
    const many = Array.from({ length: 101 }, () => randomUUID());
    const cases: [unknown, string][] = [
      [{ action: "submit", ids: many }, "ids"],
      [{ action: "submit", ids: [draft.id, draft.id] }, "ids"],
      [{ action: "submit", ids: [draft.id, draft.id.toUpperCase()] }, "ids"],
      [{ action: "submit", ids: [] }, "ids"],
      [{ action: "submit", ids: ["not-an-id"] }, "ids.0"],
      [{ action: "publish", ids: [draft.id] }, "action"],
      [{ action: "submit", ids: [draft.id], reason: "why" }, "_"],
      [{ ids: [draft.id] }, "action"],
    ];
    for (const [body, field] of cases) {
      const response = await bulk(tokens.admin, body);
      expect({ body, status: response.status, error: response.body.error }).toEqual({ body, status: 400, error: "invalid_request" });
      expect(Object.keys(response.body.fields), JSON.stringify(body)).toContain(field);
    }
    expect((await statusesOf([draft.id])).get(draft.id)).toBe("draft");
    // Exactly 100 distinct ids is allowed: those that exist nowhere are refused one by one.
    const hundred = await bulk(tokens.admin, { action: "submit", ids: [draft.id, ...many.slice(0, 99)] });
    expect(hundred.status).toBe(200);
    expect(hundred.body.results).toHaveLength(100);
    expect(hundred.body.results[0]).toEqual({ id: draft.id, ok: true });
    expect(hundred.body.results.slice(1).every((result: { ok: boolean; error: { code: string } }) => !result.ok && result.error.code === "not_found")).toBe(true);
  });

  it("mixed states and another business's product: each row answers for itself, in the order given, and one failure undoes nothing", async () => {
    const draft = await product("draft");
    const rejected = await product("rejected", { rejectionReason: "Fix it" });
    const pending = await product("pending_approval");
    const approved = await product("approved", { approvedBy: team.approver.id });
    const foreign = await createProduct({ businessId: other.business.id, createdBy: other.editor.id, status: "draft" });
    const nowhere = randomUUID();
    const ids = [draft.id, foreign.id, pending.id, rejected.id, nowhere, approved.id];

    const response = await bulk(tokens.editor, { action: "submit", ids });
    expect(response.status).toBe(200);
    const results = response.body.results as { id: string; ok: boolean; error?: { code: string; message: string } }[];
    expect(results.map((result) => [result.id, result.ok, result.error?.code ?? null])).toEqual([
      [draft.id, true, null],
      [foreign.id, false, "not_found"],
      [pending.id, false, "invalid_transition"],
      [rejected.id, true, null],
      [nowhere, false, "not_found"],
      [approved.id, false, "invalid_transition"],
    ]);
    // Another business's product reads exactly like one that does not exist.
    expect(results[1]!.error).toEqual(results[4]!.error);
    expect(results.every((result) => result.ok || (result.error!.message.length > 0 && !result.error!.message.includes(other.business.id)))).toBe(true);

    const statuses = await statusesOf([draft.id, rejected.id, pending.id, approved.id, foreign.id]);
    expect(Object.fromEntries(statuses)).toEqual({
      [draft.id]: "pending_approval",
      [rejected.id]: "pending_approval",
      [pending.id]: "pending_approval",
      [approved.id]: "approved",
      [foreign.id]: "draft",
    });
    expect((await auditsOf("product.submit", ids)).map((entry) => entry.entityId).sort()).toEqual([draft.id, rejected.id].sort());
  });

  it("an admin deletes in bulk: each deleted product is audited, another business's stays", async () => {
    const rows = await Promise.all([product("draft"), product("approved"), product("rejected")]);
    const foreign = await createProduct({ businessId: other.business.id, status: "draft" });
    const ids = [...rows.map((row) => row.id), foreign.id];
    const response = await bulk(tokens.admin, { action: "delete", ids });
    expect(response.status).toBe(200);
    expect(response.body.results.map((result: { ok: boolean }) => result.ok)).toEqual([true, true, true, false]);
    expect(response.body.results[3].error.code).toBe("not_found");
    expect((await statusesOf(ids)).size).toBe(1);
    expect(await auditsOf("product.delete", ids)).toHaveLength(3);
  });

  it("with the versions the reviewer's list showed, a product changed since is refused (409) and left pending; the others are decided", async () => {
    const tag = `versioned${randomUUID().slice(0, 8)}`;
    const [kept, changed, rejectedToo] = await Promise.all([1, 2, 3].map((n) => product("pending_approval", { submittedBy: team.editor.id, name: `${tag} lamp ${n}` })));
    const list = await callRoute(internalRoute.GET, { token: tokens.approver, path: `/api/products/internal?status=pending_approval&q=${tag}` });
    expect(list.body.count).toBe(3);
    expect(list.status).toBe(200);
    const versionOf = (id: string) => (list.body.results as { id: string; reviewVersion: string }[]).find((row) => row.id === id)!.reviewVersion;
    const versions = Object.fromEntries([kept!, changed!, rejectedToo!].map((row) => [row.id, versionOf(row.id)]));
    expect(new Set(Object.values(versions)).size).toBe(3);

    // The price changes after the approver's list was read.
    await getDb().update(products).set({ price: "999.00" }).where(eq(products.id, changed!.id));
    const approved = await bulk(tokens.approver, { action: "approve", ids: [kept!.id, changed!.id], versions });
    expect(approved.status).toBe(200);
    expect(approved.body.results).toEqual([
      { id: kept!.id, ok: true },
      { id: changed!.id, ok: false, error: { code: "conflict", message: expect.stringMatching(/changed after you opened it/) } },
    ]);
    const rejected = await bulk(tokens.approver, { action: "reject", ids: [rejectedToo!.id], reason: "Blurry photos", versions: { [rejectedToo!.id.toUpperCase()]: versions[rejectedToo!.id] } });
    expect(rejected.body.results).toEqual([{ id: rejectedToo!.id, ok: true }]);
    const statuses = await statusesOf([kept!.id, changed!.id, rejectedToo!.id]);
    expect([statuses.get(kept!.id), statuses.get(changed!.id), statuses.get(rejectedToo!.id)]).toEqual(["approved", "pending_approval", "rejected"]);

    // A live product whose change waits for review: its row's version is the change's, as its page's is.
    const live = await product("approved", { name: `${tag} lamp live` });
    expect((await callRoute(productRoute.PATCH, { token: tokens.editor, params: { id: live.id }, body: { price: "12.34" } })).status).toBe(200);
    expect((await callRoute(submitRoute.POST, { token: tokens.editor, params: { id: live.id } })).status).toBe(200);
    const rows = (await callRoute(internalRoute.GET, { token: tokens.approver, path: `/api/products/internal?q=${tag}%20live` })).body.results;
    const page = (await callRoute(productRoute.GET, { token: tokens.approver, params: { id: live.id } })).body;
    expect(rows).toEqual([expect.objectContaining({ id: live.id, revisionStatus: "pending_approval", reviewVersion: page.reviewVersion })]);
    expect(page.revision.price).toBe("12.34");

    // A version that is not text, or keyed by something that is not a product id, is refused whole.
    expect((await bulk(tokens.approver, { action: "approve", ids: [changed!.id], versions: { [changed!.id]: 7 } })).status).toBe(400);
    expect((await bulk(tokens.approver, { action: "approve", ids: [changed!.id], versions: { "not-an-id": "x" } })).status).toBe(400);
    expect((await bulk(tokens.approver, { action: "submit", ids: [changed!.id], versions: {} })).status).toBe(400);
  });
});
