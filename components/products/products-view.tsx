"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ComponentProps, type ReactNode } from "react";
import { CategoryManager } from "@/components/categories/category-manager";
import { useTimeZone } from "@/components/layout/time-zone";
import {
  Button,
  buttonClasses,
  EmptyState,
  ErrorState,
  FilterPanel,
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
  InteractiveFieldset,
} from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useAuth } from "@/hooks/use-auth";
import { useCategories } from "@/hooks/use-categories";
import { useListParams } from "@/hooks/use-list-params";
import { useBulkProductAction, useExportProducts, type BulkAction } from "@/hooks/use-product-tools";
import { useInternalProducts, type InternalProductFilter } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";
import { can, type Action } from "@/lib/auth/permissions";
import { listableStatuses } from "./listable-statuses";
import { formatCount, formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import type { ListedProductDto, ProductDto } from "@/lib/products/schemas";
import { PRODUCTS_PAGE_SIZE } from "@/lib/query-keys";
import { BULK_MAX_IDS, PRODUCT_LIST_SORTS, PRODUCT_STATUSES, type ProductListSort } from "@/lib/products/vocabulary";
import { toast } from "@/lib/toast";
import { BulkConfirmDialog, BulkRejectDialog, BulkResultSummary, type BulkOutcome } from "./bulk-actions";
import { formatStock } from "./format";
import { ImportDialog } from "./import-dialog";

type SortColumn = "name" | "sku" | "category" | "price" | "stock" | "status" | "updated";

/** Search, filters, order and page live in the URL so a view survives reloads and can be shared. */
function useListState() {
  const { searchParams, page, update } = useListParams();
  const rawStatus = searchParams.get("status") ?? "";
  const status = (PRODUCT_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as ProductDto["status"]) : undefined;
  const rawSort = searchParams.get("sort") ?? "";
  const sort = (PRODUCT_LIST_SORTS as readonly string[]).includes(rawSort) ? (rawSort as ProductListSort) : undefined;
  const q = searchParams.get("q") ?? "";
  const category = searchParams.get("category") ?? "";
  const mine = searchParams.get("mine") === "1";
  return { page, status, sort, q, category, mine, update };
}

const BULK_BUTTONS: { action: BulkAction; permission: Action; label: string; variant: "primary" | "secondary" | "danger" }[] = [
  { action: "submit", permission: "product:submit", label: "Submit", variant: "secondary" },
  { action: "approve", permission: "product:approve", label: "Approve", variant: "primary" },
  { action: "reject", permission: "product:reject", label: "Reject", variant: "secondary" },
  { action: "delete", permission: "product:delete", label: "Delete", variant: "danger" },
];

/** The orders the Sort select offers (on a phone, where the column headers are not shown). */
const SORT_LABELS: Record<ProductListSort, string> = {
  name_asc: "Name, A to Z",
  name_desc: "Name, Z to A",
  sku_asc: "SKU, A to Z",
  sku_desc: "SKU, Z to A",
  category_asc: "Category, A to Z",
  category_desc: "Category, Z to A",
  price_asc: "Price, lowest first",
  price_desc: "Price, highest first",
  stock_asc: "Stock, lowest first",
  stock_desc: "Stock, highest first",
  status_asc: "Status, draft first",
  status_desc: "Status, rejected first",
  updated_asc: "Updated, oldest first",
  updated_desc: "Updated, newest first",
};

/** A column header that orders the list by its column: ascending first, then descending; aria-sort says which. */
function SortableTH({
  column,
  sort,
  onSort,
  className,
  children,
}: {
  column: SortColumn;
  sort: ProductListSort | undefined;
  onSort: (sort: ProductListSort) => void;
  className?: string;
  children: ReactNode;
}) {
  const direction = sort === `${column}_asc` ? "ascending" : sort === `${column}_desc` ? "descending" : "none";
  const next = `${column}_${direction === "ascending" ? "desc" : "asc"}` as ProductListSort;
  return (
    <TH aria-sort={direction} className={className}>
      {/* On a phone the rows are cards and the Sort select (among the filters) orders them; the header only names the column. */}
      <span className="sm:hidden">{children}</span>
      <button
        type="button"
        onClick={() => onSort(next)}
        className="focus-ring -mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-fg max-sm:hidden"
        title={`Sort by ${String(children).toLowerCase()}, ${direction === "ascending" ? "descending" : "ascending"}`}
      >
        {children}
        <span aria-hidden="true" className="text-[0.65rem]">
          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </TH>
  );
}

/** The product's first picture, small; a plain tile when it has none, so the column does not read as empty. */
function Thumbnail({ product }: { product: ProductDto }) {
  const image = product.images?.[0];
  if (!image) {
    return (
      <span data-testid="no-picture" aria-hidden="true" className="flex size-10 items-center justify-center rounded-md border border-dashed border-border bg-surface-muted text-fg-muted">
        <svg viewBox="0 0 24 24" fill="none" className="size-5">
          <rect x="4" y="5" width="16" height="14" rx="2" stroke="currentColor" strokeWidth="1.5" />
          <path d="m4 16 4.5-4.5 3.5 3.5 2.5-2.5L20 18" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </svg>
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored
    <img src={image.url} alt="" width={40} height={40} loading="lazy" decoding="async" className="size-10 max-w-none rounded-md border border-border bg-surface-muted object-cover" />
  );
}

/** A checkbox that can show "some selected" (the select-all of a partly selected page). */
function Checkbox({ indeterminate = false, ...props }: { indeterminate?: boolean } & ComponentProps<"input">) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" className="focus-ring size-4 accent-[var(--accent)]" {...props} />;
}

export function ProductsView() {
  const timeZone = useTimeZone();
  const { role, user } = useAuth();
  const { page, status, sort, q, category, mine, update } = useListState();
  const [importOpen, setImportOpen] = useState(false);
  const [categoriesOpen, setCategoriesOpen] = useState(false);
  // Selected products by id, with their names for the result summary (they may leave the page meanwhile)
  // and the version of each the reviewer saw, so an approval or a rejection meets what they saw.
  const [selected, setSelected] = useState<Map<string, { name: string; version: string }>>(new Map());
  const [confirming, setConfirming] = useState<"reject" | "delete" | "approve" | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const bulk = useBulkProductAction();
  const exportCsv = useExportProducts();
  const canCreate = role !== null && can(role, "product:create");
  const canManageCategories = role !== null && can(role, "category:manage");
  const bulkButtons = BULK_BUTTONS.filter((button) => role !== null && can(role, button.permission));
  const categories = useCategories();

  const filter = {
    page,
    pageSize: PRODUCTS_PAGE_SIZE,
    status,
    q: q || undefined,
    category: category || undefined,
    sort,
    createdBy: mine && user ? user.id : undefined,
  };
  const products = useInternalProducts(filter satisfies InternalProductFilter & { category?: string; sort?: ProductListSort });

  const pageCount = Math.max(1, Math.ceil((products.data?.count ?? 0) / PRODUCTS_PAGE_SIZE));
  const rows = products.data?.results ?? [];
  const selectedOnPage = rows.filter((product) => selected.has(product.id)).length;
  const filtered = Boolean(q || status || mine || category);

  /** A new filter is a new list: what was selected in the old one is let go. */
  const changeFilter = (params: Record<string, string | undefined>) => {
    setSelected(new Map());
    update({ params });
  };

  const toggle = (product: ListedProductDto, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(product.id, { name: product.name, version: product.reviewVersion });
      else next.delete(product.id);
      return next;
    });

  const togglePage = (on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const product of rows) {
        if (on) next.set(product.id, { name: product.name, version: product.reviewVersion });
        else next.delete(product.id);
      }
      return next;
    });

  const run = (action: BulkAction, reason?: string) => {
    const ids = [...selected.keys()];
    const names = Object.fromEntries([...selected].map(([id, { name }]) => [id, name]));
    // A row on the screen now is decided as it reads now; one selected on another page as it read then.
    const versions = Object.fromEntries([...selected].map(([id, { version }]) => [id, rows.find((row) => row.id === id)?.reviewVersion ?? version]));
    bulk.mutate(
      action === "reject" ? { action, ids, reason: reason!, versions } : action === "approve" ? { action, ids, versions } : { action, ids },
      {
        onSuccess: ({ results }) => {
          setConfirming(null);
          setOutcome({ action, results, names });
          // What worked leaves the selection; what did not stays selected to be looked at or tried again.
          setSelected((current) => {
            const next = new Map(current);
            for (const result of results) if (result.ok) next.delete(result.id);
            return next;
          });
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );
  };

  const tooMany = selected.size > BULK_MAX_IDS;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Products</h1>
        <div className="flex flex-wrap gap-2">
          {canManageCategories ? (
            <Button variant="secondary" onClick={() => setCategoriesOpen(true)}>
              Categories
            </Button>
          ) : null}
          <Button
            variant="secondary"
            loading={exportCsv.isPending}
            onClick={() =>
              exportCsv.mutate(
                { q: filter.q, status, category: filter.category, sort, createdBy: filter.createdBy },
                { onError: (error) => toast.error(errorMessage(error, "The export failed.")) },
              )
            }
          >
            Export CSV
          </Button>
          {canCreate ? (
            <>
              <Button variant="secondary" onClick={() => setImportOpen(true)}>
                Import
              </Button>
              <Link href="/products/new" className={buttonClasses()}>
                New product
              </Link>
            </>
          ) : null}
        </div>
      </div>

      <FilterPanel className="flex flex-wrap items-end gap-3" activeCount={[q, status, category, mine].filter(Boolean).length}>
        <form
          role="search"
          key={q}
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get("q");
            changeFilter({ q: typeof value === "string" ? value.trim() : "" });
          }}
        >
          <InteractiveFieldset className="flex items-end gap-2">
            <FormField label="Search">
              <Input type="search" name="q" defaultValue={q} maxLength={200} />
            </FormField>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </InteractiveFieldset>
        </form>
        <FormField label="Status">
          <Select value={status ?? ""} onChange={(event) => changeFilter({ status: event.target.value })}>
            <option value="">All statuses</option>
            {/* Only what the role may list: an approver's "Draft" would always come back empty. */}
            {(role ? listableStatuses(role) : PRODUCT_STATUSES).map((value) => (
              <option key={value} value={value}>
                {productStatusLabels[value]}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Category">
          <Select value={category} onChange={(event) => changeFilter({ category: event.target.value })} className="max-w-56">
            <option value="">All categories</option>
            {/* A category in the URL that the list no longer has (renamed, merged) is still shown as chosen. */}
            {category && categories.data && !categories.data.results.some((entry) => entry.name === category) ? <option value={category}>{category}</option> : null}
            {(categories.data?.results ?? []).map((entry) => (
              <option key={entry.id} value={entry.name}>
                {entry.name} ({formatCount(entry.productCount)})
              </option>
            ))}
          </Select>
        </FormField>
        <label className="flex h-10 items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            className="focus-ring size-4"
            checked={mine}
            onChange={(event) => changeFilter({ mine: event.target.checked ? "1" : undefined })}
          />
          Created by me
        </label>
        <FormField label="Sort" className="sm:hidden">
          <Select value={sort ?? ""} onChange={(event) => update({ params: { sort: event.target.value || undefined } })}>
            <option value="">Recently updated first</option>
            {PRODUCT_LIST_SORTS.map((value) => (
              <option key={value} value={value}>
                {SORT_LABELS[value]}
              </option>
            ))}
          </Select>
        </FormField>
      </FilterPanel>

      {outcome ? <BulkResultSummary outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}

      {selected.size > 0 && bulkButtons.length > 0 ? (
        <div
          role="toolbar"
          aria-label="Bulk actions"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-border bg-surface-muted px-3 py-2"
        >
          <p className="mr-auto text-sm font-medium text-fg" aria-live="polite">
            {formatCount(selected.size)} selected
            {tooMany ? <span className="ml-2 font-normal text-danger-fg">— at most {BULK_MAX_IDS} at once</span> : null}
          </p>
          {bulkButtons.map(({ action, label, variant }) => (
            <Button
              key={action}
              size="sm"
              variant={variant}
              disabled={tooMany || (bulk.isPending && bulk.variables?.action !== action)}
              loading={bulk.isPending && bulk.variables?.action === action && confirming === null}
              onClick={() => (action === "submit" ? run(action) : setConfirming(action))}
            >
              {label}
            </Button>
          ))}
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Map())} disabled={bulk.isPending}>
            Clear selection
          </Button>
        </div>
      ) : null}

      {products.isPending ? (
        <SkeletonList label="Loading products" count={6} />
      ) : products.isError ? (
        <ErrorState message={errorMessage(products.error)} onRetry={() => products.refetch()} retrying={products.isFetching} />
      ) : rows.length === 0 && products.data.count > 0 ? (
        <PastTheEnd lastPage={pageCount} onPageChange={(next) => update({ page: next })} />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No products found"
          description={filtered ? "Change the filters to see more." : "Create a product or import a file to start."}
          action={
            canCreate && !filtered ? (
              <Link href="/products/new" className={buttonClasses()}>
                New product
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <Table aria-label="Products" aria-busy={products.isFetching || undefined} phone="cards">
            <THead>
              <TR>
                {bulkButtons.length > 0 ? (
                  <TH className="w-10 max-sm:w-auto" phoneVisible>
                    <label className="inline-flex items-center gap-2 normal-case">
                      <Checkbox
                        aria-label="Select all products on this page"
                        checked={selectedOnPage > 0 && selectedOnPage === rows.length}
                        indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
                        onChange={(event) => togglePage(event.target.checked)}
                      />
                      <span aria-hidden="true" className="text-sm font-medium tracking-normal text-fg sm:hidden">
                        Select all
                      </span>
                    </label>
                  </TH>
                ) : null}
                <TH className="w-14 pr-0">
                  <span className="sr-only">Picture</span>
                </TH>
                <SortableTH column="name" sort={sort} onSort={(next) => update({ params: { sort: next } })}>
                  Name
                </SortableTH>
                <SortableTH column="sku" sort={sort} onSort={(next) => update({ params: { sort: next } })}>
                  SKU
                </SortableTH>
                <SortableTH column="status" sort={sort} onSort={(next) => update({ params: { sort: next } })}>
                  Status
                </SortableTH>
                <SortableTH column="price" sort={sort} onSort={(next) => update({ params: { sort: next } })} className="text-right">
                  Price
                </SortableTH>
                <SortableTH column="category" sort={sort} onSort={(next) => update({ params: { sort: next } })}>
                  Category
                </SortableTH>
                <SortableTH column="stock" sort={sort} onSort={(next) => update({ params: { sort: next } })} className="text-right">
                  Stock
                </SortableTH>
                <SortableTH column="updated" sort={sort} onSort={(next) => update({ params: { sort: next } })}>
                  Updated
                </SortableTH>
              </TR>
            </THead>
            <TBody>
              {rows.map((product) => {
                const revisionStatus = product.revisionStatus;
                return (
                  <TR key={product.id} data-product-id={product.id} selected={selected.has(product.id)} className={selected.has(product.id) ? undefined : "hover:bg-surface-muted"}>
                    {bulkButtons.length > 0 ? (
                      <TD phoneInline>
                        <Checkbox
                          aria-label={`Select “${product.name}”`}
                          checked={selected.has(product.id)}
                          onChange={(event) => toggle(product, event.target.checked)}
                        />
                      </TD>
                    ) : null}
                    <TD phoneInline className="py-2 pr-0 max-sm:empty:hidden">
                      <Thumbnail product={product} />
                    </TD>
                    <TD phoneInline className="min-w-48 max-sm:min-w-0 max-sm:flex-1">
                      <Link href={`/products/${product.id}`} className="focus-ring rounded font-medium text-accent hover:underline">
                        {product.name}
                      </Link>
                    </TD>
                    <TD label="SKU" className="font-mono text-xs whitespace-nowrap text-fg-muted">
                      {product.sku ?? "—"}
                    </TD>
                    <TD label="Status">
                      <div className="flex flex-col items-start gap-1 max-sm:items-end">
                        <StatusBadge status={product.status} />
                        {revisionStatus ? <span className="text-xs whitespace-nowrap text-fg-muted">Change {productStatusLabels[revisionStatus].toLowerCase()}</span> : null}
                      </div>
                    </TD>
                    <TD label="Price" className="text-right tabular-nums">
                      {formatMoney(product.price)}
                    </TD>
                    <TD label="Category">{product.category ?? "—"}</TD>
                    <TD label="Stock" className="text-right tabular-nums">
                      {formatStock(product.stock)}
                    </TD>
                    <TD label="Updated" className="whitespace-nowrap text-fg-muted">
                      {formatDateTime(product.updatedAt, timeZone)}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <p className="text-sm text-fg-muted">{formatCount(products.data.count)} products</p>
          <Pagination page={page} pageCount={pageCount} onPageChange={(next) => update({ page: next })} disabled={products.isFetching} />
        </>
      )}

      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
      <CategoryManager open={categoriesOpen} onClose={() => setCategoriesOpen(false)} />
      <BulkRejectDialog
        open={confirming === "reject"}
        count={selected.size}
        pending={bulk.isPending}
        onClose={() => setConfirming(null)}
        onReject={(reason) => run("reject", reason)}
      />
      {(["delete", "approve"] as const).map((action) => (
        <BulkConfirmDialog
          key={action}
          action={action}
          open={confirming === action}
          count={selected.size}
          pending={bulk.isPending}
          onClose={() => setConfirming(null)}
          onConfirm={() => run(action)}
        />
      ))}
    </div>
  );
}
