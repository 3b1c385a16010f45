import Link from "next/link";
import { withoutMarkdown } from "@/lib/chat/plain-text";
import { formatMoney } from "@/lib/money";
import type { PublicProductDto } from "@/lib/products/schemas";
import { shopHref, shopProductHref } from "@/lib/shops/links";

/** One product of the public catalog, with its seller. Every user-written field is rendered as text, never HTML. */
export function CatalogCard({ product }: { product: PublicProductDto & { business: { name: string; slug: string } } }) {
  return (
    <li className="flex flex-col rounded-lg border border-border bg-surface p-4 shadow-sm [overflow-wrap:anywhere]" data-product-id={product.id}>
      <div className="flex items-start justify-between gap-3">
        <h2 className="min-w-0 text-base font-semibold text-fg">
          <Link href={shopProductHref({ slug: product.business.slug, productId: product.id })} className="focus-ring rounded-sm hover:underline">
            {product.name}
          </Link>
        </h2>
        <p className="shrink-0 text-base font-semibold text-fg" aria-label={`Price ${formatMoney(product.price)}`}>
          {formatMoney(product.price)}
        </p>
      </div>
      <p className="mt-0.5 text-xs text-fg-muted">
        {product.category ? `${product.category} · ` : ""}
        <Link href={shopHref(product.business.slug)} className="focus-ring rounded-sm font-medium text-accent-fg hover:underline">
          {product.business.name}
        </Link>
      </p>
      {/* The description is Markdown (its product page renders it): here, its words without the marks. */}
      <p className="mt-2 line-clamp-4 text-sm whitespace-pre-line text-fg-muted">{withoutMarkdown(product.description)}</p>
      {product.stock !== null ? (
        <p className="mt-auto pt-3 text-xs text-fg-muted">{product.stock > 0 ? `${product.stock} in stock` : "Out of stock"}</p>
      ) : null}
    </li>
  );
}
