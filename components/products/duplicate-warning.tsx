"use client";

import Link from "next/link";
import { StatusBadge } from "@/components/ui";
import { useDuplicateProducts } from "@/hooks/use-product-tools";

/**
 * "This looks like a product you already have": the business's products with the same name or SKU as
 * the form's, shown as the user types and before they submit. Renders nothing when there is no match.
 */
export function DuplicateWarning({ name, sku, excludeId }: { name?: string | null; sku?: string | null; excludeId?: string | null }) {
  const matches = useDuplicateProducts({ name, sku, excludeId });
  const results = matches.data ?? [];
  if (results.length === 0) return null;
  return (
    <div
      role="status"
      className="space-y-2 rounded-lg border border-amber-600/30 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-200"
    >
      <p className="font-medium">
        {results.length === 1 ? "A product with the same name or SKU already exists:" : `${results.length} products with the same name or SKU already exist:`}
      </p>
      <ul className="space-y-1">
        {results.map((match) => (
          <li key={match.id} className="flex flex-wrap items-center gap-2">
            <Link href={`/products/${match.id}`} className="focus-ring rounded font-medium underline underline-offset-2" target="_blank">
              {match.name}
              <span className="sr-only"> (opens in a new tab)</span>
            </Link>
            {match.sku ? <span className="font-mono text-xs">{match.sku}</span> : null}
            <StatusBadge status={match.status} />
            <span className="text-xs">same {match.matchedBy === "sku" ? "SKU" : "name"}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
