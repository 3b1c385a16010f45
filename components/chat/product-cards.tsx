import type { ProductCard } from "@/lib/chat/schemas";
import { formatMoney } from "@/lib/money";

/** The products a tool put in front of the user, as compact cards under the answer. */
export function ProductCards({ items }: { items: readonly ProductCard[] }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Products mentioned" className="mt-3 grid gap-2 sm:grid-cols-2">
      {items.map((item) => (
        <li key={item.id} data-testid="product-card" className="rounded-lg border border-border bg-surface p-3 shadow-sm">
          <p className="text-sm font-semibold text-fg">{item.name}</p>
          <p className="mt-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span className="font-medium text-fg">{formatMoney(item.price)}</span>
            {item.category ? <span className="text-xs text-fg-muted">{item.category}</span> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
