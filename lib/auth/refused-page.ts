import type { Role } from "@/db/schema";
import { NAV_PAGES, pageRoles, privatePageOf } from "./page-access";

/**
 * A role sent home from a page it may not open is told why, once: the redirect sets this short-lived
 * cookie to the page, the proxy turns it into the request header below for the home page's document
 * request (and clears it), and the members' layout (app/(app)/layout.tsx) shows it in a toast. So the
 * notice neither sits in the address bar nor comes back on a reload.
 */
export const REFUSED_PAGE_COOKIE = "refused-page";
export const REFUSED_PAGE_HEADER = "x-refused-page";
/** Long enough for the redirect to be followed; a cookie nobody consumed is gone soon after. */
export const REFUSED_PAGE_MAX_AGE_SECONDS = 30;

// The private pages the navigation does not list that some role may not open.
const OTHER_PAGE_NAMES: Record<string, string> = { "/products/new": "New product" };

const ROLE_PLURALS: Record<Role, string> = { admin: "admins", editor: "editors", approver: "approvers", viewer: "viewers" };

/** What the home page says about the page a role was sent away from; null for anything but a private page. */
export function refusedPageNotice(pathname: string): string | null {
  const page = privatePageOf(pathname);
  const roles = pageRoles(pathname);
  if (!page || !roles) return null;
  const who = new Intl.ListFormat("en", { type: "conjunction" }).format(roles.map((role) => ROLE_PLURALS[role]));
  const name = NAV_PAGES.find((link) => link.href === page)?.label ?? OTHER_PAGE_NAMES[page] ?? page;
  return `${name} is only for ${who}, so you’re on your start page instead.`;
}
