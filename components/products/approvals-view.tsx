"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { Badge, Button, EmptyState, ErrorState, Pagination, Select, SkeletonList } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useApproveProduct, useRejectProduct } from "@/hooks/use-product-changes";
import { useReviews, type ReviewItemDto, type ReviewOrder } from "@/hooks/use-products";
import { apiError, errorMessage } from "@/lib/api-client";
import { reviewsOwnWork } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { REVIEWS_PAGE_SIZE } from "@/lib/query-keys";
import { toast } from "@/lib/toast";
import { formatStock } from "./format";
import { RejectDialog } from "./reject-dialog";
import { RevisionDiff } from "./revision-diff";

type Review = ReviewItemDto;

const reviewKey = (item: Review) => `${item.kind}-${item.revision?.id ?? item.product.id}`;

/** The review queue, oldest submission first (or newest, by choice): new products, and changes to live products with their diff. */
export function ApprovalsView() {
  const timeZone = useTimeZone();
  const { user } = useAuth();
  const [page, setPage] = useState(1);
  const [order, setOrder] = useState<ReviewOrder>("oldest");
  const queue = useReviews({ page, pageSize: REVIEWS_PAGE_SIZE, order });
  const approve = useApproveProduct();
  const reject = useRejectProduct();
  const [rejecting, setRejecting] = useState<Review | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // A reviewed item leaves the list with the button that had focus: the reviewer goes on from the item
  // that takes its place (the one before it when it was the last), or from the heading when none is left.
  const refocusAfter = useRef<{ key: string; index: number } | null>(null);
  const results = queue.data?.results;
  useEffect(() => {
    const pending = refocusAfter.current;
    if (!pending || !results || results.some((item) => reviewKey(item) === pending.key)) return;
    refocusAfter.current = null;
    // Only focus that went with the item: a reviewer who moved on meanwhile is left where they are.
    if (document.activeElement && document.activeElement !== document.body) return;
    const titles = listRef.current?.querySelectorAll<HTMLAnchorElement>("h2 a") ?? [];
    (titles[Math.min(pending.index, titles.length - 1)] ?? headingRef.current)?.focus();
  }, [results]);

  const act = async (item: Review, action: "approve" | "reject", reason?: string) => {
    const { product } = item;
    const what = item.kind === "revision" ? `the change to “${product.name}”` : `“${product.name}”`;
    setBusyId(product.id);
    try {
      if (action === "approve") await approve.mutateAsync({ id: product.id, version: item.version });
      else await reject.mutateAsync({ id: product.id, reason: reason!, version: item.version });
      refocusAfter.current = { key: reviewKey(item), index: Math.max(0, results?.findIndex((shown) => reviewKey(shown) === reviewKey(item)) ?? 0) };
      setRejecting(null);
      toast.success(action === "approve" ? `Approved ${what}` : `Rejected ${what}`);
    } catch (error) {
      toast.error(errorMessage(error));
      // It changed under the reviewer: show them what it says now rather than a dialog over it.
      if (apiError(error)?.error === "conflict") setRejecting(null);
      await queue.refetch();
    } finally {
      setBusyId(null);
    }
  };

  const pageCount = Math.max(1, Math.ceil((queue.data?.count ?? 0) / REVIEWS_PAGE_SIZE));

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-fg outline-none">
            Approvals
          </h1>
          <p className="text-sm text-fg-muted">
            {queue.data ? `${queue.data.count} ${queue.data.count === 1 ? "item is" : "items are"} waiting for review.` : "Products and changes waiting for review."}
          </p>
        </div>
        <label className="flex items-center gap-2 text-sm text-fg-muted">
          Order
          <Select
            value={order}
            onChange={(event) => {
              setOrder(event.target.value as ReviewOrder);
              setPage(1);
            }}
            className="h-9 w-auto"
          >
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
          </Select>
        </label>
      </div>

      {queue.isPending ? (
        <SkeletonList label="Loading the queue" count={3} itemClassName="h-32" />
      ) : queue.isError ? (
        <ErrorState message={errorMessage(queue.error)} onRetry={() => queue.refetch()} retrying={queue.isFetching} />
      ) : queue.data.results.length === 0 && queue.data.count > 0 ? (
        <PastTheEnd lastPage={pageCount} onPageChange={setPage} />
      ) : queue.data.results.length === 0 ? (
        <EmptyState title="Nothing to review" description="New products and changes to live products appear here when they are submitted." />
      ) : (
        <ul ref={listRef} className="space-y-3" aria-label="Waiting for review">
          {queue.data.results.map((item) => {
            const { product, revision } = item;
            const own = user !== null && reviewsOwnWork(user, revision ?? product);
            const titleId = `approval-${product.id}`;
            const shown = revision ?? product;
            return (
              <li
                key={reviewKey(item)}
                aria-labelledby={titleId}
                className="rounded-lg border border-border bg-surface p-4 shadow-sm"
                data-product-id={product.id}
                data-kind={item.kind}
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <h2 id={titleId} className="text-base font-semibold break-words text-fg">
                        <Link href={`/products/${product.id}`} className="focus-ring rounded hover:underline">
                          {product.name}
                        </Link>
                      </h2>
                      <Badge tone={item.kind === "revision" ? "info" : "neutral"}>{item.kind === "revision" ? "Change to a live product" : "New product"}</Badge>
                    </div>
                    <p className="text-sm text-fg-muted">
                      {item.submittedBy ? `Submitted by ${item.submittedBy.name}` : "Submitted"}
                      {item.submittedAt ? ` · ${formatDateTime(item.submittedAt, timeZone)}` : ""}
                    </p>
                    {item.kind === "product" ? (
                      <p className="text-sm text-fg-muted">
                        {formatMoney(shown.price)} · Stock {formatStock(product.stock)}
                        {shown.category ? ` · ${shown.category}` : ""}
                        {shown.sku ? (
                          <>
                            {" · "}
                            {/* A SKU such as DEMO-039 breaks at its hyphen otherwise. */}
                            <span className="whitespace-nowrap">{`SKU ${shown.sku}`}</span>
                          </>
                        ) : null}
                      </p>
                    ) : (
                      <p className="text-sm text-fg-muted">Live now at {formatMoney(product.price)}; it stays on sale until this change is approved.</p>
                    )}
                  </div>
                  <div className="flex shrink-0 gap-2">
                    <Button
                      onClick={() => act(item, "approve")}
                      loading={busyId === product.id && approve.isPending}
                      disabled={own || busyId === product.id}
                      aria-describedby={titleId}
                    >
                      Approve
                    </Button>
                    <Button variant="danger" onClick={() => setRejecting(item)} disabled={own || busyId === product.id} aria-describedby={titleId}>
                      Reject
                    </Button>
                  </div>
                </div>
                {item.kind === "revision" ? (
                  <div className="mt-3 rounded-md border border-border bg-surface-muted p-3">
                    <RevisionDiff changes={item.changes} />
                  </div>
                ) : (
                  <>
                    {product.images.length > 0 ? (
                      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Images">
                        {product.images.map((image) => (
                          <li key={image.id}>
                            {/* eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored */}
                            <img src={image.url} alt={image.alt} width={64} height={64} className="size-16 rounded border border-border object-cover" />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    <p className="mt-3 line-clamp-6 text-sm whitespace-pre-line text-fg">{product.description}</p>
                  </>
                )}
                {own ? <p className="mt-2 text-xs text-fg-muted">You had a hand in this version; another approver must review it.</p> : null}
              </li>
            );
          })}
        </ul>
      )}
      {queue.data && queue.data.count > REVIEWS_PAGE_SIZE ? (
        <Pagination page={page} pageCount={pageCount} onPageChange={setPage} disabled={queue.isFetching} />
      ) : null}

      <RejectDialog
        key={rejecting?.product.id ?? "none"}
        open={rejecting !== null}
        productName={rejecting?.product.name ?? ""}
        pending={reject.isPending}
        onClose={() => setRejecting(null)}
        onReject={(reason) => rejecting && void act(rejecting, "reject", reason)}
      />
    </div>
  );
}
