import { SHOP_SLUG_LIMITS } from "@/lib/business/vocabulary";

const SLUG_MAX = 48;

/** A URL-safe slug from a business name: "Café Démo & Co." → "cafe-demo-co"; one too short for a storefront address gets "-shop" ("XY" → "xy-shop"). */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
  if (!slug) return "business";
  return slug.length < SHOP_SLUG_LIMITS.min ? `${slug}-shop` : slug;
}

/** The first of base, base-2, base-3, … not in `taken`. */
export function nextFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
