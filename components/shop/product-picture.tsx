import { cn } from "@/components/ui/cn";
import type { Picture } from "@/lib/shops/pictures";

/**
 * A product image from the stored renditions (the browser picks a width from srcset), or a quiet
 * placeholder when the product has none. `eager` for what is visible first (the first cards, the
 * gallery's main image); the rest loads lazily.
 */
export function ProductPicture({
  picture,
  sizes,
  eager = false,
  className,
}: {
  picture: Picture | null;
  sizes: string;
  eager?: boolean;
  className?: string;
}) {
  if (!picture) {
    return (
      <div aria-hidden="true" className={cn("flex items-center justify-center bg-surface-muted text-fg-muted", className)}>
        <svg viewBox="0 0 24 24" fill="none" className="size-10 opacity-60">
          <path
            d="M4 16l4.6-4.6a2 2 0 012.8 0L16 16m-2-2l1.6-1.6a2 2 0 012.8 0L20 14M6 20h12a2 2 0 002-2V6a2 2 0 00-2-2H6a2 2 0 00-2 2v12a2 2 0 002 2zm8-12h.01"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </div>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored
    <img
      src={picture.src}
      srcSet={picture.srcSet}
      sizes={sizes}
      alt={picture.alt}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
      className={cn("bg-surface-muted object-cover", className)}
    />
  );
}
