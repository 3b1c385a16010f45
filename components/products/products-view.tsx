"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import {
  Button,
  buttonClasses,
  EmptyState,
  ErrorState,
  FormField,
  Input,
  Pagination,
  Select,
  Skeleton,
  StatusBadge,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  productStatusLabels,
} from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useInternalProducts } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";
import { PRODUCT_STATUSES, type ProductDto } from "@/lib/products/schemas";
import { formatDateTime, formatPrice, formatStock } from "./format";
import { ImportDialog } from "./import-dialog";

const PAGE_SIZE = 20;

/** Search, status and page live in the URL so a filtered view survives reloads and can be shared. */
function useListState() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const rawPage = Number(searchParams.get("page") ?? "1");
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage : 1;
  const rawStatus = searchParams.get("status") ?? "";
  const status = (PRODUCT_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as ProductDto["status"]) : undefined;
  const q = searchParams.get("q") ?? "";
  const mine = searchParams.get("mine") === "1";

  const update = useCallback(
    (next: { page?: number; status?: string; q?: string; mine?: boolean }) => {
      const params = new URLSearchParams(searchParams.toString());
      const set = (key: string, value: string | undefined) => (value ? params.set(key, value) : params.delete(key));
      if ("status" in next) set("status", next.status);
      if ("q" in next) set("q", next.q);
      if ("mine" in next) set("mine", next.mine ? "1" : undefined);
      set("page", next.page && next.page > 1 ? String(next.page) : undefined);
      const query = params.toString();
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router, searchParams],
  );
  return { page, status, q, mine, update };
}

export function ProductsView() {
  const { role, user } = useAuth();
  const { page, status, q, mine, update } = useListState();
  const [importOpen, setImportOpen] = useState(false);
  const canCreate = role === "admin" || role === "editor";
  const products = useInternalProducts({
    page,
    pageSize: PAGE_SIZE,
    status,
    q: q || undefined,
    createdBy: mine && user ? user.id : undefined,
  });

  const pageCount = Math.max(1, Math.ceil((products.data?.count ?? 0) / PAGE_SIZE));

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Products</h1>
        {canCreate ? (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setImportOpen(true)}>
              Import
            </Button>
            <Link href="/products/new" className={buttonClasses()}>
              New product
            </Link>
          </div>
        ) : null}
      </div>

      <div className="flex flex-wrap items-end gap-3">
        <form
          role="search"
          key={q}
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get("q");
            update({ q: typeof value === "string" ? value.trim() : "", page: 1 });
          }}
        >
          <FormField label="Search">
            <Input type="search" name="q" defaultValue={q} maxLength={200} />
          </FormField>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <FormField label="Status">
          <Select value={status ?? ""} onChange={(event) => update({ status: event.target.value || undefined, page: 1 })}>
            <option value="">All statuses</option>
            {PRODUCT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {productStatusLabels[value]}
              </option>
            ))}
          </Select>
        </FormField>
        <label className="flex h-10 items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            className="focus-ring size-4"
            checked={mine}
            onChange={(event) => update({ mine: event.target.checked, page: 1 })}
          />
          Created by me
        </label>
      </div>

      {products.isPending ? (
        <div aria-busy="true" aria-label="Loading products" className="space-y-2">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-12 w-full" />
          ))}
        </div>
      ) : products.isError ? (
        <ErrorState message={errorMessage(products.error)} onRetry={() => products.refetch()} retrying={products.isFetching} />
      ) : products.data.results.length === 0 ? (
        <EmptyState
          title="No products found"
          description={q || status || mine ? "Change the filters to see more." : "Create a product or import a file to start."}
          action={
            canCreate && !q && !status ? (
              <Link href="/products/new" className={buttonClasses()}>
                New product
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <Table aria-label="Products" aria-busy={products.isFetching || undefined}>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Status</TH>
                <TH className="text-right">Price</TH>
                <TH>Category</TH>
                <TH className="text-right">Stock</TH>
                <TH>Updated</TH>
              </TR>
            </THead>
            <TBody>
              {products.data.results.map((product) => (
                <TR key={product.id} className="hover:bg-surface-muted">
                  <TD>
                    <Link href={`/products/${product.id}`} className="focus-ring rounded font-medium text-accent hover:underline">
                      {product.name}
                    </Link>
                    {product.sku ? <span className="ml-2 font-mono text-xs text-fg-muted">{product.sku}</span> : null}
                  </TD>
                  <TD>
                    <StatusBadge status={product.status} />
                  </TD>
                  <TD className="text-right tabular-nums">{formatPrice(product.price)}</TD>
                  <TD>{product.category ?? "—"}</TD>
                  <TD className="text-right tabular-nums">{formatStock(product.stock)}</TD>
                  <TD className="whitespace-nowrap text-fg-muted">{formatDateTime(product.updatedAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <p className="text-sm text-fg-muted">{products.data.count.toLocaleString("en-US")} products</p>
          <Pagination page={page} pageCount={pageCount} onPageChange={(next) => update({ page: next })} disabled={products.isFetching} />
        </>
      )}
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}
