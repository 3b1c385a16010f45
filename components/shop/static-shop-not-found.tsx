import { StaticPage } from "@/components/layout/static-page";
import { NOT_FOUND_HEAD } from "@/lib/pages/page-head";
import { ShopNotFound } from "./shop-not-found";

/** A visitor's script-free storefront or product page for what does not exist (answered with 404). */
export function StaticShopNotFound() {
  return (
    <StaticPage head={NOT_FOUND_HEAD}>
      <ShopNotFound />
    </StaticPage>
  );
}
