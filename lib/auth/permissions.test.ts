import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { PERMISSIONS, assertCan, can, canViewProduct, reviewsOwnWork, type Action, type Actor } from "./permissions";

const Y = true;
const N = false;

/**
 * docs/architecture.md §4 "Roles and permissions", transcribed row by row: [admin, editor, approver, viewer].
 * Kept independent of PERMISSIONS so a change to the matrix in code must be matched here.
 */
const DOCUMENTED_MATRIX: Record<Action, readonly [boolean, boolean, boolean, boolean]> = {
  // "read approved products of own business" (every role) is no action: approved products are public.
  // read drafts / pending / rejected
  "product:read_unapproved": [Y, Y, Y, N],
  // create product, import products
  "product:create": [Y, Y, N, N],
  "product:import": [Y, Y, N, N],
  // edit product
  "product:update": [Y, Y, N, N],
  // submit for approval
  "product:submit": [Y, Y, N, N],
  // approve / reject
  "product:approve": [Y, N, Y, N],
  "product:reject": [Y, N, Y, N],
  // delete product
  "product:delete": [Y, N, N, N],
  // manage the business's product categories (create, rename, merge, delete)
  "category:manage": [Y, Y, N, N],
  // chat with the assistant, buy, own history
  "chat:use": [Y, Y, Y, Y],
  "purchase:create": [Y, Y, Y, Y],
  "history:read_own": [Y, Y, Y, Y],
  // one's own profile and password
  "account:manage": [Y, Y, Y, Y],
  // manage users and roles, settings, credits, API keys, audit log, dashboard, the support inbox
  "users:manage": [Y, N, N, N],
  "settings:manage": [Y, N, N, N],
  "credits:manage": [Y, N, N, N],
  "apikeys:manage": [Y, N, N, N],
  "audit:read": [Y, N, N, N],
  "dashboard:read": [Y, N, N, N],
  "inbox:manage": [Y, N, N, N],
};

const COLUMN: Record<Role, number> = { admin: 0, editor: 1, approver: 2, viewer: 3 };

const cases = (Object.keys(DOCUMENTED_MATRIX) as Action[]).flatMap((action) =>
  ROLES.map((role) => ({ action, role, allowed: DOCUMENTED_MATRIX[action][COLUMN[role]]! })),
);

function actor(role: Role, id = "11111111-1111-4111-8111-111111111111"): Actor {
  return { id, role, businessId: "22222222-2222-4222-8222-222222222222" };
}

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the permission matrix", () => {
  it("covers exactly the actions of the documented matrix", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(DOCUMENTED_MATRIX).sort());
  });

  it.each(cases)("$role → $action: allowed=$allowed", ({ role, action, allowed }) => {
    expect(can(role, action)).toBe(allowed);
    const error = thrown(() => assertCan(actor(role), action));
    if (allowed) {
      expect(error).toBeUndefined();
    } else {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("forbidden");
      expect((error as AppError).status).toBe(403);
    }
  });
});

describe("resource rules", () => {
  const self = "33333333-3333-4333-8333-333333333333";
  const someoneElse = "44444444-4444-4444-8444-444444444444";

  it.each(["product:approve", "product:reject"] as const)("an approver never reviews a product they created (%s)", (action) => {
    const error = thrown(() => assertCan(actor("approver", self), action, { createdBy: self }));
    expect((error as AppError).code).toBe("forbidden");
    expect(thrown(() => assertCan(actor("approver", self), action, { createdBy: someoneElse }))).toBeUndefined();
    expect(thrown(() => assertCan(actor("approver", self), action, { createdBy: null }))).toBeUndefined();
  });

  it.each(["product:approve", "product:reject"] as const)(
    "an approver never reviews a version they edited or submitted (%s)",
    (action) => {
      for (const resource of [
        { createdBy: someoneElse, editedBy: self, submittedBy: someoneElse },
        { createdBy: someoneElse, editedBy: someoneElse, submittedBy: self },
        // An earlier edit of the same version, though someone else edited and submitted it after.
        { createdBy: someoneElse, editedBy: someoneElse, submittedBy: someoneElse, editors: [someoneElse, self] },
      ]) {
        expect((thrown(() => assertCan(actor("approver", self), action, resource)) as AppError).code).toBe("forbidden");
        expect(reviewsOwnWork(actor("approver", self), resource)).toBe(true);
      }
      const othersWork = { createdBy: someoneElse, editedBy: someoneElse, submittedBy: null, editors: [someoneElse] };
      expect(thrown(() => assertCan(actor("approver", self), action, othersWork))).toBeUndefined();
      expect(reviewsOwnWork(actor("admin", self), { createdBy: self, editedBy: self, submittedBy: self })).toBe(false);
    },
  );

  it("an admin may review their own product", () => {
    expect(thrown(() => assertCan(actor("admin", self), "product:approve", { createdBy: self }))).toBeUndefined();
  });

  it("roles without the action are refused before any resource rule", () => {
    for (const role of ["editor", "viewer"] as const) {
      const error = thrown(() => assertCan(actor(role, self), "product:approve", { createdBy: someoneElse }));
      expect((error as AppError).code).toBe("forbidden");
    }
  });
});

describe("approved products", () => {
  it.each(ROLES)("are readable by a %s of their business, as by anyone", (role) => {
    const approved = { businessId: actor(role).businessId, status: "approved" as const, createdBy: null };
    expect(canViewProduct(actor(role), approved)).toBe(true);
    expect(canViewProduct(null, approved)).toBe(true);
  });
});
