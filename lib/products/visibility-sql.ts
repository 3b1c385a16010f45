import { eq, inArray, or, type SQL } from "drizzle-orm";
import { products, type ProductStatus } from "@/db/schema";

/** The products a member may see in their own business: the statuses their role may list, and their own rows. */
export function visibleToViewer(input: { statuses: ProductStatus[]; viewerId: string }): SQL | undefined {
  return input.statuses.length > 0 ? or(inArray(products.status, input.statuses), eq(products.createdBy, input.viewerId)) : eq(products.createdBy, input.viewerId);
}
