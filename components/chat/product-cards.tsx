"use client";

import { useState } from "react";
import type { ProductCard } from "@/lib/chat/schemas";
import { formatMoney } from "@/lib/money";

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

/** The products a tool put in front of the user, as compact cards under the answer. */
export function ProductCards({ items }: { items: readonly ProductCard[] }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Products mentioned" className="mt-3 grid gap-2 sm:grid-cols-2">
      {items.map((item) => (
        <li key={item.id} data-testid="product-card" className="flex items-start gap-3 rounded-lg border border-border bg-surface p-3 shadow-sm">
          {item.image ? <CardThumbnail image={item.image} /> : null}
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold break-words text-fg">{item.name}</p>
            <p className="mt-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium text-fg">{formatMoney(item.price)}</span>
              {item.category ? <span className="text-xs text-fg-muted">{item.category}</span> : null}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
