import { beforeAll, describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/products/[id]/route";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import * as importRoute from "@/app/api/products/import/route";
import * as internalRoute from "@/app/api/products/internal/route";
import * as productsRoute from "@/app/api/products/route";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { products, users, type ProductStatus } from "@/db/schema";
import { createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Role = "admin" | "editor" | "approver" | "viewer";
const ROLES: Role[] = ["admin", "editor", "approver", "viewer"];

const newProduct = { name: "Matrix lamp", description: "A lamp for the matrix.", price: "12.50" };

function csvUpload(text: string) {
  const form = new FormData();
  form.append("file", new File([text], "products.csv", { type: "text/csv" }));
  return form;
}

let team: Team;
let tokens: Record<Role, string>;

beforeAll(async () => {
  team = await createTeam();
  tokens = {
    admin: await tokenFor(team.admin),
    editor: await tokenFor(team.editor),
    approver: await tokenFor(team.approver),
    viewer: await tokenFor(team.viewer),
  };
});

describe("roles matrix (docs/architecture.md §4) for every product action", () => {
  const expectations: Record<string, Record<Role, number>> = {
    "read approved product": { admin: 200, editor: 200, approver: 200, viewer: 200 },
    "list unapproved (internal)": { admin: 200, editor: 200, approver: 200, viewer: 403 },
    create: { admin: 201, editor: 201, approver: 403, viewer: 403 },
    import: { admin: 200, editor: 200, approver: 403, viewer: 403 },
    edit: { admin: 200, editor: 200, approver: 403, viewer: 403 },
    submit: { admin: 200, editor: 200, approver: 403, viewer: 403 },
    approve: { admin: 200, editor: 403, approver: 200, viewer: 403 },
    reject: { admin: 200, editor: 403, approver: 200, viewer: 403 },
    delete: { admin: 204, editor: 403, approver: 403, viewer: 403 },
  };

  async function perform(action: string, role: Role) {
    const token = tokens[role];
    const createdBy = team.editor.id;
    const businessId = team.business.id;
    switch (action) {
      case "read approved product": {
        const product = await createProduct({ businessId, createdBy, status: "approved" });
        return callRoute(itemRoute.GET, { token, params: { id: product.id } });
      }
      case "list unapproved (internal)":
        return callRoute(internalRoute.GET, { token, path: "/api/products/internal" });
      case "create":
        return callRoute(productsRoute.POST, { token, body: newProduct });
      case "import":
        return callRoute(importRoute.POST, {
          token,
          method: "POST",
          rawBody: csvUpload("name,description,price\nLamp,Bright,3.00\n"),
        });
      case "edit": {
        const product = await createProduct({ businessId, createdBy, status: "draft" });
        return callRoute(itemRoute.PATCH, { token, method: "PATCH", params: { id: product.id }, body: { price: "1.00" } });
      }
      case "submit": {
        const product = await createProduct({ businessId, createdBy, status: "draft" });
        return callRoute(submitRoute.POST, { token, method: "POST", params: { id: product.id } });
      }
      case "approve": {
        const product = await createProduct({ businessId, createdBy, status: "pending_approval" });
        return callRoute(approveRoute.POST, { token, method: "POST", params: { id: product.id } });
      }
      case "reject": {
        const product = await createProduct({ businessId, createdBy, status: "pending_approval" });
        return callRoute(rejectRoute.POST, { token, params: { id: product.id }, body: { reason: "Blurry photo" } });
      }
      case "delete": {
        const product = await createProduct({ businessId, createdBy, status: "approved" });
        return callRoute(itemRoute.DELETE, { token, method: "DELETE", params: { id: product.id } });
      }
      default:
        throw new Error(action);
    }
  }

  for (const [action, byRole] of Object.entries(expectations)) {
    for (const role of ROLES) {
      it(`${action} as ${role} → ${byRole[role]}`, async () => {
        const response = await perform(action, role);
        expect(response.status, JSON.stringify(response.body)).toBe(byRole[role]);
        if (byRole[role] === 403) expect(response.body.error).toBe("forbidden");
      });
    }
  }

  it("an approver never approves or rejects a product they created (403), another approver may", async () => {
    const approverA = await createUser({ businessId: team.business.id, role: "approver" });
    const tokenA = await tokenFor(approverA);
    const own = await createProduct({ businessId: team.business.id, createdBy: approverA.id, status: "pending_approval" });
    const approve = await callRoute(approveRoute.POST, { token: tokenA, method: "POST", params: { id: own.id } });
    expect(approve.status).toBe(403);
    const reject = await callRoute(rejectRoute.POST, { token: tokenA, params: { id: own.id }, body: { reason: "mine" } });
    expect(reject.status).toBe(403);
    const byOther = await callRoute(approveRoute.POST, { token: tokens.approver, method: "POST", params: { id: own.id } });
    expect(byOther.status).toBe(200);
    expect(byOther.body).toMatchObject({ status: "approved", approvedBy: team.approver.id });
  });

  it("an approver never reviews a version they edited or submitted (e.g. as an editor before a role change); another approver may", async () => {
    // Eve edits and submits as an editor, then is made an approver: her own version is not hers to review.
    const eve = await createUser({ businessId: team.business.id, role: "editor" });
    const eveAsEditor = await tokenFor(eve);
    const edited = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft" });
    const patched = await callRoute(itemRoute.PATCH, { token: eveAsEditor, method: "PATCH", params: { id: edited.id }, body: { price: "12.34" } });
    expect(patched.body).toMatchObject({ editedBy: eve.id, submittedBy: null });
    // Submitted by someone else: only her edit ties her to this version.
    const submitted = await callRoute(submitRoute.POST, { token: tokens.editor, method: "POST", params: { id: edited.id } });
    expect(submitted.body).toMatchObject({ status: "pending_approval", editedBy: eve.id, submittedBy: team.editor.id });

    const resubmitted = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "rejected", rejectionReason: "No" });
    const eveSubmits = await callRoute(submitRoute.POST, { token: eveAsEditor, method: "POST", params: { id: resubmitted.id } });
    expect(eveSubmits.body).toMatchObject({ status: "pending_approval", submittedBy: eve.id });

    await getDb().update(users).set({ role: "approver" }).where(eq(users.id, eve.id));
    const eveAsApprover = await tokenFor({ ...eve, role: "approver" });
    for (const id of [edited.id, resubmitted.id]) {
      const approve = await callRoute(approveRoute.POST, { token: eveAsApprover, method: "POST", params: { id } });
      expect(approve.status).toBe(403);
      expect(approve.body.error).toBe("forbidden");
      const reject = await callRoute(rejectRoute.POST, { token: eveAsApprover, params: { id }, body: { reason: "mine" } });
      expect(reject.status).toBe(403);
      const [row] = await getDb().select({ status: products.status }).from(products).where(eq(products.id, id));
      expect(row!.status).toBe("pending_approval");
    }
    const byOther = await callRoute(approveRoute.POST, { token: tokens.approver, method: "POST", params: { id: edited.id } });
    expect(byOther.status).toBe(200);

    // Rewritten by someone else after she submitted it, it is still partly hers.
    const next = await callRoute(itemRoute.PATCH, { token: tokens.editor, method: "PATCH", params: { id: resubmitted.id }, body: { name: "Rewritten" } });
    expect(next.status).toBe(409); // pending: editors wait for the review; an admin rewrites it instead
    const rewritten = await callRoute(itemRoute.PATCH, { token: tokens.admin, method: "PATCH", params: { id: resubmitted.id }, body: { name: "Rewritten" } });
    expect(rewritten.body).toMatchObject({ status: "pending_approval", editedBy: team.admin.id, submittedBy: eve.id });
    expect((await callRoute(approveRoute.POST, { token: eveAsApprover, method: "POST", params: { id: resubmitted.id } })).status).toBe(403);
  });

  it("an approver never reviews a version any of whose edits were theirs, though someone else edited or resubmitted it after them", async () => {
    const eve = await createUser({ businessId: team.business.id, role: "editor" });
    const eveAsEditor = await tokenFor(eve);
    const patch = (token: string, id: string, body: Record<string, unknown>) => callRoute(itemRoute.PATCH, { token, method: "PATCH", params: { id }, body });
    const submit = (token: string, id: string) => callRoute(submitRoute.POST, { token, method: "POST", params: { id } });

    // A new product: Eve edits the draft, a colleague edits it after her and submits it.
    const draft = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft" });
    expect((await patch(eveAsEditor, draft.id, { price: "12.34" })).status).toBe(200);
    expect((await patch(tokens.editor, draft.id, { name: "Edited after Eve" })).body).toMatchObject({ editedBy: team.editor.id });
    expect((await submit(tokens.editor, draft.id)).body).toMatchObject({ status: "pending_approval", submittedBy: team.editor.id });

    // A live product's change: the same, through its revision.
    const live = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "approved", approvedBy: team.approver.id, approvedAt: new Date() });
    expect((await patch(eveAsEditor, live.id, { price: "45.00" })).body).toMatchObject({ revision: { editedBy: eve.id } });
    expect((await patch(tokens.editor, live.id, { name: "Renamed after Eve" })).body).toMatchObject({ revision: { editedBy: team.editor.id } });
    expect((await submit(tokens.editor, live.id)).body).toMatchObject({ revision: { status: "pending_approval", submittedBy: team.editor.id } });

    // Rejected and resubmitted by someone else: her submission is still part of what is under review.
    const resubmitted = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft" });
    expect((await submit(eveAsEditor, resubmitted.id)).body).toMatchObject({ submittedBy: eve.id });
    expect((await callRoute(rejectRoute.POST, { token: tokens.approver, params: { id: resubmitted.id }, body: { reason: "Price" } })).status).toBe(200);
    expect((await patch(tokens.editor, resubmitted.id, { price: "9.99", status: "pending_approval" })).body).toMatchObject({ status: "pending_approval", editedBy: team.editor.id, submittedBy: team.editor.id });

    await getDb().update(users).set({ role: "approver" }).where(eq(users.id, eve.id));
    const eveAsApprover = await tokenFor({ ...eve, role: "approver" });
    for (const id of [draft.id, live.id, resubmitted.id]) {
      const approve = await callRoute(approveRoute.POST, { token: eveAsApprover, method: "POST", params: { id } });
      expect(approve.status, JSON.stringify(approve.body)).toBe(403);
      expect(approve.body.error).toBe("forbidden");
      expect((await callRoute(rejectRoute.POST, { token: eveAsApprover, params: { id }, body: { reason: "mine" } })).status).toBe(403);
      expect((await callRoute(itemRoute.GET, { token: eveAsApprover, params: { id } })).body).toMatchObject({ reviewVersion: expect.any(String) });
    }
    const byOther = await callRoute(approveRoute.POST, { token: tokens.approver, method: "POST", params: { id: live.id } });
    expect(byOther.body).toMatchObject({ status: "approved", name: "Renamed after Eve", price: "45.00" });

    // Her edits belonged to the change that was approved: the next change, written by others, is hers to review.
    expect((await patch(tokens.editor, live.id, { price: "50.00", status: "pending_approval" })).status).toBe(200);
    expect((await callRoute(approveRoute.POST, { token: eveAsApprover, method: "POST", params: { id: live.id } })).status).toBe(200);
  });

  it("an admin may approve a product they created", async () => {
    const own = await createProduct({ businessId: team.business.id, createdBy: team.admin.id, status: "pending_approval" });
    const response = await callRoute(approveRoute.POST, { token: tokens.admin, method: "POST", params: { id: own.id } });
    expect(response.status).toBe(200);
  });

  it("anonymous callers get 401 on every write and on the internal list", async () => {
    const product = await createProduct({ businessId: team.business.id, status: "pending_approval" });
    const params = { id: product.id };
    const responses = await Promise.all([
      callRoute(productsRoute.POST, { body: newProduct }),
      callRoute(internalRoute.GET, {}),
      callRoute(itemRoute.PATCH, { method: "PATCH", params, body: { price: "2.00" } }),
      callRoute(itemRoute.DELETE, { method: "DELETE", params }),
      callRoute(submitRoute.POST, { method: "POST", params }),
      callRoute(approveRoute.POST, { method: "POST", params }),
      callRoute(rejectRoute.POST, { params, body: { reason: "x" } }),
      callRoute(importRoute.POST, { method: "POST", rawBody: csvUpload("name,description,price\nA,B,1\n") }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.body.error).toBe("unauthorized");
    }
  });

  it("another business's product is 404 for every write, never 403", async () => {
    const other = await createTeam();
    const params = { id: (await createProduct({ businessId: other.business.id, status: "pending_approval" })).id };
    const token = tokens.admin;
    const responses = await Promise.all([
      callRoute(itemRoute.PATCH, { token, method: "PATCH", params, body: { price: "2.00" } }),
      callRoute(itemRoute.DELETE, { token, method: "DELETE", params }),
      callRoute(submitRoute.POST, { token, method: "POST", params }),
      callRoute(approveRoute.POST, { token, method: "POST", params }),
      callRoute(rejectRoute.POST, { token, params, body: { reason: "x" } }),
      callRoute(itemRoute.GET, { token, params }),
    ]);
    for (const response of responses) expect(response.status).toBe(404);
  });
});

describe("visibility table (docs/architecture.md §4)", () => {
  type Viewer = "creator" | "other editor" | "approver" | "admin" | "viewer" | "other business" | "anonymous";
  const VISIBLE: Record<ProductStatus, Viewer[]> = {
    draft: ["creator", "other editor", "admin"],
    pending_approval: ["creator", "other editor", "approver", "admin"],
    approved: ["creator", "other editor", "approver", "admin", "viewer", "other business", "anonymous"],
    rejected: ["creator", "other editor", "admin"],
  };
  const VIEWERS: Viewer[] = ["creator", "other editor", "approver", "admin", "viewer", "other business", "anonymous"];

  let viewerTokens: Record<Viewer, string | null>;
  const productIds = {} as Record<ProductStatus, string>;

  beforeAll(async () => {
    const creator = await createUser({ businessId: team.business.id, role: "editor" });
    const outsider = await createTeam();
    viewerTokens = {
      creator: await tokenFor(creator),
      "other editor": tokens.editor,
      approver: tokens.approver,
      admin: tokens.admin,
      viewer: tokens.viewer,
      "other business": await tokenFor(outsider.admin),
      anonymous: null,
    };
    for (const status of Object.keys(VISIBLE) as ProductStatus[]) {
      const product = await createProduct({
        businessId: team.business.id,
        createdBy: creator.id,
        status,
        name: `Visibility ${status}`,
        rejectionReason: status === "rejected" ? "Wrong colour" : null,
      });
      productIds[status] = product.id;
    }
  });

  for (const status of Object.keys(VISIBLE) as ProductStatus[]) {
    for (const viewer of VIEWERS) {
      const visible = VISIBLE[status].includes(viewer);
      it(`${status} × ${viewer} → ${visible ? "visible" : "404"}`, async () => {
        const response = await callRoute(itemRoute.GET, { token: viewerTokens[viewer], params: { id: productIds[status] } });
        expect(response.status).toBe(visible ? 200 : 404);
        if (visible) {
          expect(response.body).toMatchObject({ id: productIds[status], status });
          expect(response.body).not.toHaveProperty("search");
        } else {
          expect(response.body.error).toBe("not_found");
        }
      });
    }
  }

  it("the internal list shows each staff member exactly what the table allows", async () => {
    for (const viewer of ["creator", "other editor", "approver", "admin"] as Viewer[]) {
      const response = await callRoute(internalRoute.GET, {
        token: viewerTokens[viewer],
        path: "/api/products/internal?q=visibility&pageSize=100",
      });
      expect(response.status).toBe(200);
      const seen = (response.body.results as { status: ProductStatus }[]).map((p) => p.status).sort();
      const expected = (Object.keys(VISIBLE) as ProductStatus[]).filter((s) => VISIBLE[s].includes(viewer)).sort();
      expect(seen, viewer).toEqual(expected);
    }
    const outsider = await callRoute(internalRoute.GET, {
      token: viewerTokens["other business"],
      path: "/api/products/internal?q=visibility",
    });
    expect(outsider.body.count).toBe(0);
  });

  it("the public catalog lists only the approved one", async () => {
    const response = await callRoute(productsRoute.GET, { path: `/api/products?q=visibility&business=${team.business.id}` });
    expect(response.status).toBe(200);
    expect(response.body.results.map((p: { id: string }) => p.id)).toEqual([productIds.approved]);
  });
});
