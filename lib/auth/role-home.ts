import type { Role } from "../../db/schema";

/** Where each role lands after sign-in, and where it is sent from a page it may not use. */
export const ROLE_HOME: Record<Role, string> = {
  admin: "/dashboard",
  editor: "/products",
  approver: "/approvals",
  viewer: "/chat",
};

/** Private pages and the roles that may open them (DESIGN.md §4). */
export const PAGE_ROLES: { prefix: string; roles: readonly Role[] }[] = [
  { prefix: "/dashboard", roles: ["admin"] },
  { prefix: "/users", roles: ["admin"] },
  { prefix: "/settings", roles: ["admin"] },
  { prefix: "/audit", roles: ["admin"] },
  { prefix: "/products", roles: ["admin", "editor", "approver"] },
  { prefix: "/approvals", roles: ["admin", "approver"] },
  { prefix: "/chat", roles: ["admin", "editor", "approver", "viewer"] },
  { prefix: "/purchases", roles: ["admin", "editor", "approver", "viewer"] },
];

export function pageRoles(pathname: string): readonly Role[] | null {
  const entry = PAGE_ROLES.find(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return entry ? entry.roles : null;
}

/** A same-site path the role may open, for returning there after sign-in; anything else is the role's home. */
export function safeCallbackPath(callbackUrl: string | null | undefined, role: Role): string {
  if (!callbackUrl || !callbackUrl.startsWith("/") || callbackUrl.startsWith("//") || callbackUrl.includes("\\")) return ROLE_HOME[role];
  const pathname = callbackUrl.split(/[?#]/)[0]!;
  const allowed = pageRoles(pathname);
  return allowed?.includes(role) ? callbackUrl : ROLE_HOME[role];
}
