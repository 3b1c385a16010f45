"use client";

import { useState } from "react";
import { Button, FormField, Input, InteractiveFieldset } from "@/components/ui";
import { useUpdateProduct } from "@/hooks/use-product-changes";
import type { ProductDto } from "@/hooks/use-products";
import { apiError, errorMessage } from "@/lib/api-client";
import { toast } from "@/lib/toast";

/**
 * Stock is operational: it changes on the live product at once, without review, even while the product
 * or a change to it waits for approval. Empty means unlimited.
 */
export function StockEditor({ product }: { product: ProductDto }) {
  const update = useUpdateProduct();
  const [value, setValue] = useState(product.stock === null ? "" : String(product.stock));
  // The stock this editor was filled from: a sale since then is refused by the server rather than undone.
  // Once that refusal has been shown, the next save is a deliberate one and sends none.
  const [seen, setSeen] = useState<number | null | undefined>(product.stock);
  const [error, setError] = useState<string | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    const stock = trimmed === "" ? null : Number(trimmed);
    if (stock !== null && (!Number.isInteger(stock) || stock < 0)) {
      setError("Stock must be a whole number ≥ 0, or empty for unlimited.");
      return;
    }
    setError(null);
    try {
      await update.mutateAsync({ id: product.id, changes: { stock, expectedStock: seen, sku: undefined, category: undefined } });
      setSeen(stock);
      toast.success("Stock updated");
    } catch (caught) {
      if (apiError(caught)?.error === "conflict") {
        setSeen(undefined);
        setError(errorMessage(caught));
        return;
      }
      toast.error(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={save} aria-label="Stock">
      <InteractiveFieldset className="mt-4 flex flex-wrap items-end gap-2 border-t border-border pt-4">
        <FormField label="Stock" hint="Applies at once; empty means unlimited." error={error ?? undefined} className="w-48">
          {(props) => <Input {...props} inputMode="numeric" value={value} onChange={(event) => setValue(event.target.value)} />}
        </FormField>
        <Button type="submit" variant="secondary" loading={update.isPending}>
          Update stock
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
