"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { Picture } from "@/lib/shops/pictures";
import { ProductPicture } from "./product-picture";

/**
 * The product's images: one large, the others as thumbnails that show it. The server renders the
 * first image selected, so the page reads the same before the script arrives.
 */
export function ProductGallery({ name, images }: { name: string; images: { large: Picture; thumb: Picture }[] }) {
  const [selected, setSelected] = useState(0);
  const current = images[Math.min(selected, images.length - 1)];
  return (
    <section aria-label={`Images of ${name}`} className="space-y-3">
      <ProductPicture
        picture={current?.large ?? null}
        eager
        sizes="(min-width: 1024px) 36rem, 100vw"
        className="aspect-[4/3] w-full rounded-lg border border-border object-contain"
      />
      {images.length > 1 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Thumbnails">
          {images.map((image, index) => (
            <li key={image.thumb.src}>
              <button
                type="button"
                onClick={() => setSelected(index)}
                aria-pressed={index === selected}
                aria-label={`Show image ${index + 1} of ${images.length}${image.thumb.alt ? `: ${image.thumb.alt}` : ""}`}
                className={cn(
                  "focus-ring block overflow-hidden rounded-md border-2 transition-colors",
                  index === selected ? "border-accent" : "border-transparent hover:border-border-strong",
                )}
              >
                <ProductPicture picture={{ ...image.thumb, alt: "" }} sizes="4rem" className="size-16" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
