import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Picture } from "@/lib/shops/pictures";
import { ProductPicture } from "./product-picture";

/** Which image `?image=` names (counted from 1), or the first for anything else. */
export function selectedImageIndex(raw: string | string[] | undefined, count: number): number {
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value >= 1 && value <= count ? value - 1 : 0;
}

/**
 * The product's images: one large, the others as thumbnails linking to the page showing that one
 * (`?image=2`). Plain links, so the gallery works on a visitor's page without script; a member's page
 * follows them in place (no scroll, no history entry).
 */
export function ProductGallery({ name, images, selected, pageHref }: { name: string; images: { large: Picture; thumb: Picture }[]; selected: number; pageHref: string }) {
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
              <Link
                href={index === 0 ? pageHref : `${pageHref}?image=${index + 1}`}
                replace
                scroll={false}
                aria-current={index === selected ? "true" : undefined}
                aria-label={`Show image ${index + 1} of ${images.length}${image.thumb.alt ? `: ${image.thumb.alt}` : ""}`}
                className={cn(
                  "focus-ring block overflow-hidden rounded-md border-2 transition-colors",
                  index === selected ? "border-accent" : "border-transparent hover:border-border-strong",
                )}
              >
                <ProductPicture picture={{ ...image.thumb, alt: "" }} sizes="4rem" className="size-16" />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
