"use client";

import Link from "next/link";
import { useState } from "react";
import {
  Button,
  buttonClasses,
  EmptyState,
  ErrorState,
  FormField,
  Input,
  Pagination,
  Select,
  SkeletonList,
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
import { useListParams } from "@/hooks/use-list-params";
import { useInternalProducts } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";
import { can } from "@/lib/auth/permissions";
import { formatCount, formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { PRODUCT_STATUSES, type ProductDto } from "@/lib/products/schemas";
import { formatStock } from "./format";
import { ImportDialog } from "./import-dialog";

const PAGE_SIZE = 20;

/** Search, status, "mine" and page live in the URL so a filtered view survives reloads and can be shared. */
function useListState() {
  const { searchParams, page, update } = useListParams();
  const rawStatus = searchParams.get("status") ?? "";
  const status = (PRODUCT_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as ProductDto["status"]) : undefined;
  const q = searchParams.get("q") ?? "";
  const mine = searchParams.get("mine") === "1";
  return { page, status, q, mine, update };
}

export function ProductsView() {
  const { role, user } = useAuth();
  const { page, status, q, mine, update } = useListState();
  const [importOpen, setImportOpen] = useState(false);
  const canCreate = role !== null && can(role, "product:create");
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
            update({ params: { q: typeof value === "string" ? value.trim() : "" } });
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
          <Select value={status ?? ""} onChange={(event) => update({ params: { status: event.target.value } })}>
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
            onChange={(event) => update({ params: { mine: event.target.checked ? "1" : undefined } })}
          />
          Created by me
        </label>
      </div>

      {products.isPending ? (
        <SkeletonList label="Loading products" count={6} />
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
                  <TD className="text-right tabular-nums">{formatMoney(product.price)}</TD>
                  <TD>{product.category ?? "—"}</TD>
                  <TD className="text-right tabular-nums">{formatStock(product.stock)}</TD>
                  <TD className="whitespace-nowrap text-fg-muted">{formatDateTime(product.updatedAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <p className="text-sm text-fg-muted">{formatCount(products.data.count)} products</p>
          <Pagination page={page} pageCount={pageCount} onPageChange={(next) => update({ page: next })} disabled={products.isFetching} />
        </>
      )}
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}
