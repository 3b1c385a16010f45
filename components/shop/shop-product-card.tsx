import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/lib/money";
import { shopProductHref } from "@/lib/shops/links";
import type { Picture } from "@/lib/shops/pictures";
import type { ShopProductDto } from "@/lib/shops/schemas";
import { ProductPicture } from "./product-picture";
import { stockStatus } from "./stock";

/** One product of a storefront's grid; the whole card is one link to its page. */
export function ShopProductCard({
  slug,
  product,
  picture,
  eager,
}: {
  slug: string;
  product: ShopProductDto;
  picture: Picture | null;
  eager: boolean;
}) {
  const stock = stockStatus(product.stock);
  return (
    <li data-product-id={product.id} className="group relative flex flex-col overflow-hidden rounded-lg border border-border bg-surface shadow-sm">
      <ProductPicture
        picture={picture}
        eager={eager}
        sizes="(min-width: 1280px) 20rem, (min-width: 1024px) 35vw, 50vw"
        className="aspect-[4/3] w-full transition-opacity group-hover:opacity-90"
      />
      <div className="flex flex-1 flex-col gap-1.5 p-3 sm:gap-2 sm:p-4">
        <h2 className="text-sm leading-snug font-semibold text-fg sm:text-base">
          {/* The link's box covers the card, so the image and price are clickable too. */}
          <Link
            href={shopProductHref({ slug, productId: product.id })}
            className="focus-ring rounded-sm after:absolute after:inset-0 after:content-[''] hover:underline"
          >
            {product.name}
          </Link>
        </h2>
        {product.category ? <p className="text-xs text-fg-muted">{product.category}</p> : null}
        <div className="mt-auto flex flex-wrap items-center justify-between gap-x-3 gap-y-1 pt-1">
          <p className="text-sm font-semibold text-fg sm:text-base">{formatMoney(product.price)}</p>
          <Badge tone={stock.tone}>{stock.text}</Badge>
        </div>
      </div>
    </li>
  );
}
