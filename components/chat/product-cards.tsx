"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { ProductCard } from "@/lib/chat/schemas";
import { formatMoney } from "@/lib/money";
import { shopProductHref } from "@/lib/shops/links";
import { stockLabel } from "./message-meta";

/** A card's cover picture; a picture that no longer loads (removed since the card was shown) leaves the card without one. */
function CardThumbnail({ image }: { image: NonNullable<ProductCard["image"]> }) {
  const [broken, setBroken] = useState(false);
  if (broken) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored
    <img
      src={image.url}
      alt={image.alt}
      width={64}
      height={64}
      loading="lazy"
      decoding="async"
      onError={() => setBroken(true)}
      data-testid="product-card-image"
      className="size-16 shrink-0 rounded-md border border-border bg-surface-muted object-cover"
    />
  );
}

export interface ProductCardsProps {
  items: readonly ProductCard[];
  /** The member's storefront: each card links to its product page there. Without it, no link. */
  shopSlug?: string | null;
  /** Offers **Buy** on each card; it only proposes the purchase, which the member then confirms. */
  onBuy?: (card: ProductCard) => void;
  /** The card whose purchase is being proposed under the cards. */
  buyingId?: string | null;
}

/** The products a tool put in front of the user, as compact cards under the answer. */
export function ProductCards({ items, shopSlug = null, onBuy, buyingId = null }: ProductCardsProps) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Products mentioned" className="mt-3 grid gap-2 sm:grid-cols-2">
      {items.map((item) => {
        const stock = stockLabel(item.stock);
        const soldOut = item.stock === 0;
        return (
          <li
            key={item.id}
            data-testid="product-card"
            className={cn(
              "flex min-w-0 items-start gap-3 rounded-lg border bg-surface p-3 shadow-sm",
              buyingId === item.id ? "border-accent" : "border-border",
            )}
          >
            {item.image ? <CardThumbnail image={item.image} /> : null}
            <div className="min-w-0 flex-1">
              <p className="text-sm font-semibold [overflow-wrap:anywhere] text-fg">
                {shopSlug ? (
                  <Link
                    href={shopProductHref({ slug: shopSlug, productId: item.id })}
                    className="focus-ring rounded-sm underline-offset-2 hover:underline"
                  >
                    {item.name}
                  </Link>
                ) : (
                  item.name
                )}
              </p>
              <p className="mt-1 flex flex-wrap items-baseline justify-between gap-x-2 gap-y-0.5 text-sm">
                <span className="font-medium text-fg">{formatMoney(item.price)}</span>
                {item.category ? <span className="text-xs text-fg-muted">{item.category}</span> : null}
              </p>
              {stock ? (
                <p data-testid="product-card-stock" className={cn("mt-0.5 text-xs font-medium", soldOut ? "text-danger-fg" : "text-fg-muted")}>
                  {stock}
                </p>
              ) : null}
              {onBuy ? (
                <Button
                  type="button"
                  size="sm"
                  variant="secondary"
                  className="mt-2"
                  disabled={soldOut}
                  aria-label={`Buy ${item.name}`}
                  data-buy={item.id}
                  title={soldOut ? "Out of stock" : undefined}
                  onClick={() => onBuy(item)}
                >
                  Buy
                </Button>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
