import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** An unknown storefront, or a product this storefront does not sell (or not any more). */
export function ShopNotFound() {
  return (
    <EmptyState
      headingLevel={2}
      title="Not found"
      description="There is no such storefront, or it does not sell this product (any more)."
      action={
        <Link href="/" className={buttonClasses()}>
          Browse storefronts
        </Link>
      }
      className="mx-auto mt-8 max-w-xl"
    />
  );
}
