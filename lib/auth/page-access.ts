import type { Role } from "../../db/schema";
import { PERMISSIONS, type Action } from "./permissions";

/**
 * Where each role lands after sign-in, and where it is sent from a page it may not use (docs/architecture.md §5),
 * with a word on why (lib/auth/refused-page.ts).
 */
export const ROLE_HOME: Record<Role, string> = {
  admin: "/dashboard",
  editor: "/products",
  approver: "/approvals",
  viewer: "/chat",
};

/**
 * The one table of private pages: each path prefix and the action the page is for, so the roles that
 * may open it are the permission matrix's (a page never offers what its API would refuse). proxy.ts
 * (through route-guard.ts), the client RoleGuard and the navigation all read it. The longest matching
 * prefix wins: /products/new (creating) is narrower than /products (reading every status).
 */
const PAGE_ACTIONS = {
  "/dashboard": "dashboard:read",
  "/inbox": "inbox:manage",
  // The answers people rated and the questions the assistant could not answer: conversations' content.
  "/feedback": "inbox:manage",
  "/users": "users:manage",
  "/settings": "settings:manage",
  "/audit": "audit:read",
  "/products": "product:read_unapproved",
  "/products/new": "product:create",
  "/approvals": "product:approve",
  "/chat": "chat:use",
  "/purchases": "history:read_own",
  "/account": "account:manage",
} as const satisfies Record<string, Action>;

/** The navigation's pages, in its order: who sees a link is the table's answer for its page. */
export const NAV_PAGES: { href: string; label: string }[] = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/inbox", label: "Inbox" },
  { href: "/feedback", label: "Feedback" },
  { href: "/products", label: "Products" },
  { href: "/approvals", label: "Approvals" },
  { href: "/chat", label: "Assistant" },
  { href: "/purchases", label: "Purchases" },
  { href: "/users", label: "Users" },
  { href: "/settings", label: "Settings" },
  { href: "/audit", label: "Audit log" },
];

/** Where a user who must replace a temporary password is sent from every other private page. */
export const PASSWORD_CHANGE_PAGE = "/account";

const PREFIXES = Object.keys(PAGE_ACTIONS).sort((a, b) => b.length - a.length);

/** The private page a path belongs to (its entry in the table), or null for a public one. */
export function privatePageOf(pathname: string): keyof typeof PAGE_ACTIONS | null {
  return (PREFIXES.find((candidate) => pathname === candidate || pathname.startsWith(`${candidate}/`)) as keyof typeof PAGE_ACTIONS | undefined) ?? null;
}

/** The roles that may open a page, or null for a public one. */
export function pageRoles(pathname: string): readonly Role[] | null {
  const page = privatePageOf(pathname);
  return page ? PERMISSIONS[PAGE_ACTIONS[page]] : null;
}

/** Whether the role may open the page; public pages are open to everyone. */
export function canOpenPage({ pathname, role }: { pathname: string; role: Role }): boolean {
  return pageRoles(pathname)?.includes(role) ?? true;
}

// Public pages a member is sent back to after signing in (a storefront's "Sign in to buy"); the sign-in
// and sign-up pages themselves are not among them.
const RETURNABLE_PUBLIC_PREFIXES = ["/shop/", "/catalog"];

/** A same-site path the role may open, for returning there after sign-in; anything else is the role's home. */
export function safeCallbackPath({ callbackUrl, role }: { callbackUrl: string | null | undefined; role: Role }): string {
  if (!callbackUrl || !callbackUrl.startsWith("/") || callbackUrl.startsWith("//") || callbackUrl.includes("\\")) return ROLE_HOME[role];
  const pathname = callbackUrl.split(/[?#]/)[0]!;
  const roles = pageRoles(pathname);
  if (roles === null) return RETURNABLE_PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix)) ? callbackUrl : ROLE_HOME[role];
  return roles.includes(role) ? callbackUrl : ROLE_HOME[role];
}
