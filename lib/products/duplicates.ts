import "server-only";
import { getDb } from "@/db/client";
import { assertCan, visibleStatuses, type Actor } from "@/lib/auth/permissions";
import { findDuplicateProducts } from "./queries";
import type { DuplicatesQuery, DuplicatesResponse } from "./tools-schemas";

const MAX_MATCHES = 10;

/**
 * product:read_unapproved (staff). Products of the caller's business (those the caller may see) with the
 * same name (trimmed, any case) or SKU, other than `excludeId`: what the product form warns about.
 * A product matching both is reported as a SKU match, the stronger sign of a duplicate.
 */
export async function findDuplicates(actor: Actor, query: DuplicatesQuery): Promise<DuplicatesResponse> {
  assertCan(actor, "product:read_unapproved");
  const rows = await findDuplicateProducts(getDb(), {
    businessId: actor.businessId,
    viewerId: actor.id,
    statuses: visibleStatuses(actor.role),
    name: query.name || undefined,
    sku: query.sku || undefined,
    excludeId: query.excludeId,
    limit: MAX_MATCHES,
  });
  return {
    results: rows.map(({ id, name, sku, status, skuMatch }) => ({ id, name, sku, status, matchedBy: skuMatch ? "sku" : "name" })),
  };
}
