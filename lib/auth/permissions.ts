import type { ProductStatus, Role } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** docs/architecture.md §4 "Roles and permissions": the one matrix every service checks against. */
// Reading approved products needs no permission: they are public (canViewProduct below).
export const PERMISSIONS = {
  "product:read_unapproved": ["admin", "editor", "approver"],
  "product:create": ["admin", "editor"],
  "product:import": ["admin", "editor"],
  "product:update": ["admin", "editor"],
  "product:submit": ["admin", "editor"],
  "product:approve": ["admin", "approver"],
  "product:reject": ["admin", "approver"],
  "product:delete": ["admin"],
  // The business's managed list of categories: create, rename, merge, delete.
  "category:manage": ["admin", "editor"],
  "chat:use": ["admin", "editor", "approver", "viewer"],
  "purchase:create": ["admin", "editor", "approver", "viewer"],
  "history:read_own": ["admin", "editor", "approver", "viewer"],
  "users:manage": ["admin"],
  "settings:manage": ["admin"],
  "credits:manage": ["admin"],
  "apikeys:manage": ["admin"],
  "audit:read": ["admin"],
  "dashboard:read": ["admin"],
  "inbox:manage": ["admin"],
  // One's own profile and password.
  "account:manage": ["admin", "editor", "approver", "viewer"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Runs the business: dashboard, users, settings, credits, audit log; can do everything editors and approvers can",
  editor: "Creates, edits, imports and submits products",
  approver: "Approves or rejects products pending approval",
  viewer: "Browses approved products, chats with the assistant and buys",
};

/** The caller of a service: who they are, what they may do, which tenant they act in. */
export type Actor = { id: string; role: Role; businessId: string };

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Action[] {
  return (Object.keys(PERMISSIONS) as Action[]).filter((action) => can(role, action));
}

/** Who made the product's current version: its creator, its last editor, whoever submitted it, and every earlier editor. */
type ProductAuthorship = { createdBy: string | null; editedBy?: string | null; submittedBy?: string | null; editors?: readonly string[] };

/**
 * Separation of duties: an approver never reviews a version of a product they had a hand in (created it,
 * or edited or submitted it at any point before it came up for review, though others edited it after
 * them — e.g. as an editor before a role change). Admins, who run the business, may.
 * Browser-safe, so the review buttons are hidden by the same rule the server enforces.
 */
export function reviewsOwnWork(actor: Pick<Actor, "id" | "role">, product: ProductAuthorship): boolean {
  if (actor.role !== "approver") return false;
  return [product.createdBy, product.editedBy, product.submittedBy, ...(product.editors ?? [])].includes(actor.id);
}

/**
 * Throws 403 `forbidden` when the actor's role lacks the action, or when a resource rule
 * forbids it (an approver never reviews a product whose current version they created, edited or submitted).
 */
export function assertCan(actor: Actor, action: Action, resource?: ProductAuthorship): void {
  if (!can(actor.role, action)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not perform ${action}.`);
  }
  if (resource && (action === "product:approve" || action === "product:reject") && reviewsOwnWork(actor, resource)) {
    throw new AppError("forbidden", "Approvers cannot review a product they created, edited or submitted.");
  }
}

const VISIBLE_TO: Record<ProductStatus, readonly Role[]> = {
  approved: ["admin", "editor", "approver", "viewer"],
  pending_approval: ["admin", "editor", "approver"],
  draft: ["admin", "editor"],
  rejected: ["admin", "editor"],
};

/** docs/architecture.md §4 visibility; the creator always sees their own product. */
export function canViewProduct(
  actor: Actor | null,
  product: { businessId: string; status: ProductStatus; createdBy: string | null },
): boolean {
  if (product.status === "approved" && !actor) return true;
  if (!actor || actor.businessId !== product.businessId) return product.status === "approved";
  if (product.createdBy === actor.id) return true;
  return VISIBLE_TO[product.status].includes(actor.role);
}

/** The statuses a role may list in its own business (the creator's own rows are added separately). */
export function visibleStatuses(role: Role): ProductStatus[] {
  return (Object.keys(VISIBLE_TO) as ProductStatus[]).filter((status) => VISIBLE_TO[status].includes(role));
}
