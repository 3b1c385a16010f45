import { formatMoney } from "@/lib/money";
import type { PublicProductDto } from "@/lib/products/schemas";

/** One product of the public catalog. Every user-written field is rendered as text, never HTML. */
export function CatalogCard({ product }: { product: PublicProductDto }) {
  return (
    <li className="flex flex-col rounded-lg border border-border bg-surface p-4 shadow-sm" data-product-id={product.id}>
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-base font-semibold text-fg">{product.name}</h2>
        <p className="shrink-0 text-base font-semibold text-fg" aria-label={`Price ${formatMoney(product.price)}`}>
          {formatMoney(product.price)}
        </p>
      </div>
      {product.category ? <p className="mt-0.5 text-xs text-fg-muted">{product.category}</p> : null}
      <p className="mt-2 line-clamp-4 text-sm whitespace-pre-line text-fg-muted">{product.description}</p>
      {product.stock !== null ? (
        <p className="mt-auto pt-3 text-xs text-fg-muted">{product.stock > 0 ? `${product.stock} in stock` : "Out of stock"}</p>
      ) : null}
    </li>
  );
}
