import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { formatCount } from "@/lib/format";
import { shopHref, type ShopListState } from "@/lib/shops/links";
import { SHOP_SORTS, type ShopCategory } from "@/lib/shops/schemas";

/**
 * The storefront's search, filters and sort as one plain GET form: it works before any script has
 * loaded (and without one), and every result is a URL that can be shared or bookmarked.
 */
export function StorefrontFilters({ slug, state, categories }: { slug: string; state: ShopListState; categories: ShopCategory[] }) {
  const filtered = Boolean(state.q || state.category || state.minPrice || state.maxPrice || state.inStock);
  return (
    <form role="search" aria-label="Search and filter products" method="get" action={shopHref(slug)} className="grid grid-cols-2 gap-3 lg:grid-cols-1">
      <div className="col-span-2 space-y-1.5 lg:col-span-1">
        <Label htmlFor="shop-q">Search this shop</Label>
        <Input id="shop-q" type="search" name="q" defaultValue={state.q ?? ""} maxLength={200} placeholder="Search products…" className="h-10" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="shop-category">Category</Label>
        <Select id="shop-category" name="category" defaultValue={state.category ?? ""} className="h-10">
          <option value="">All categories</option>
          {categories.map((category) => (
            <option key={category.name} value={category.name}>
              {category.name} ({formatCount(category.count)})
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="shop-sort">Sort by</Label>
        <Select id="shop-sort" name="sort" defaultValue={state.sort ?? "relevance"} className="h-10">
          {SHOP_SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </Select>
      </div>
      <fieldset className="col-span-2 grid grid-cols-2 gap-3 lg:col-span-1">
        <legend className="sr-only">Price range</legend>
        <div className="space-y-1.5">
          <Label htmlFor="shop-min-price">Min price</Label>
          <Input id="shop-min-price" type="number" name="minPrice" inputMode="decimal" min={0} step="0.01" defaultValue={state.minPrice ?? ""} placeholder="0" className="h-10" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="shop-max-price">Max price</Label>
          <Input id="shop-max-price" type="number" name="maxPrice" inputMode="decimal" min={0} step="0.01" defaultValue={state.maxPrice ?? ""} placeholder="Any" className="h-10" />
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm font-medium text-fg">
        <input type="checkbox" name="inStock" value="true" defaultChecked={state.inStock} className="focus-ring size-4 accent-accent" />
        In stock only
      </label>
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClasses({ className: "flex-1" })}>
          Apply
        </button>
        {filtered ? (
          <Link href={shopHref(slug)} className={buttonClasses({ variant: "secondary" })}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
