import { isUuid } from "@/lib/ids";
import { DEFAULT_PAGE_SIZE, listPageOf } from "@/lib/pagination";
import type { PurchaseListFilter } from "@/lib/query-keys";

/**
 * /purchases' list as its address holds it (`?page=&userId=`), read the same way by the page's server
 * render (its first data) and by the browser. Only an admin's list filters by buyer.
 */
export function purchaseListOf(params: URLSearchParams, { admin }: { admin: boolean }): PurchaseListFilter {
  const userId = params.get("userId") ?? "";
  return { page: listPageOf(params), pageSize: DEFAULT_PAGE_SIZE, userId: admin && isUuid(userId) ? userId : undefined };
}
