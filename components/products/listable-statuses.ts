import type { ProductStatus, Role } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { PRODUCT_STATUSES } from "@/lib/products/vocabulary";

/**
 * The statuses a role's product list can show, in the filter's order: what `visibleStatuses` says on the
 * server, read here from the actions every page already carries (drafts and rejected products are their
 * writers'; pending ones are for whoever reads unapproved products), so the members' shared bundle does
 * not carry the visibility table too.
 */
export function listableStatuses(role: Role): ProductStatus[] {
  return PRODUCT_STATUSES.filter(
    (status) => status === "approved" || can(role, status === "pending_approval" ? "product:read_unapproved" : "product:update"),
  );
}
