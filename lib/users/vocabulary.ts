import type { Role } from "@/db/schema";

/**
 * The roles as pages name them, without zod: a page that only shows a role does not download the
 * schema library (lib/users/schemas.ts validates with them).
 */

// Repeated here (type-checked against the schema) so client bundles need not load db/schema.
export const ROLE_VALUES = ["admin", "editor", "approver", "viewer"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  editor: "Editor",
  approver: "Approver",
  viewer: "Viewer",
};
