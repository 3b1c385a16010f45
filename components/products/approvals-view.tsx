"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button, EmptyState, ErrorState, Pagination, SkeletonList } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useApproveProduct, useInternalProducts, useRejectProduct, type ProductDto } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";
import { reviewsOwnWork } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { formatStock } from "./format";
import { RejectDialog } from "./reject-dialog";

const PAGE_SIZE = 20;

/** The pending-approval queue, oldest first in spirit: everything here waits on a reviewer. */
export function ApprovalsView() {
  const { user } = useAuth();
  const [page, setPage] = useState(1);
  const queue = useInternalProducts({ status: "pending_approval", page, pageSize: PAGE_SIZE });
  const approve = useApproveProduct();
  const reject = useRejectProduct();
  const [rejecting, setRejecting] = useState<ProductDto | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const act = async (product: ProductDto, action: "approve" | "reject", reason?: string) => {
    setBusyId(product.id);
    try {
      if (action === "approve") await approve.mutateAsync(product.id);
      else await reject.mutateAsync({ id: product.id, reason: reason! });
      setRejecting(null);
      toast.success(action === "approve" ? `Approved “${product.name}”` : `Rejected “${product.name}”`);
    } catch (error) {
      toast.error(errorMessage(error));
      await queue.refetch();
    } finally {
      setBusyId(null);
    }
  };

  const pageCount = Math.max(1, Math.ceil((queue.data?.count ?? 0) / PAGE_SIZE));

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Approvals</h1>
        <p className="text-sm text-fg-muted">
          {queue.data ? `${queue.data.count} ${queue.data.count === 1 ? "product is" : "products are"} waiting for review.` : "Products waiting for review."}
        </p>
      </div>

      {queue.isPending ? (
        <SkeletonList label="Loading the queue" count={3} itemClassName="h-32" />
      ) : queue.isError ? (
        <ErrorState message={errorMessage(queue.error)} onRetry={() => queue.refetch()} retrying={queue.isFetching} />
      ) : queue.data.results.length === 0 ? (
        <EmptyState title="Nothing to review" description="Products submitted for approval will appear here." />
      ) : (
        <ul className="space-y-3" aria-label="Pending products">
          {queue.data.results.map((product) => {
            const own = user !== null && reviewsOwnWork(user, product);
            const titleId = `approval-${product.id}`;
            return (
              <li
                key={product.id}
                aria-labelledby={titleId}
                className="rounded-lg border border-border bg-surface p-4 shadow-sm"
                data-product-id={product.id}
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <h2 id={titleId} className="text-base font-semibold break-words text-fg">
                      <Link href={`/products/${product.id}`} className="focus-ring rounded hover:underline">
                        {product.name}
                      </Link>
                    </h2>
                    <p className="text-sm text-fg-muted">
                      {formatMoney(product.price)} · Stock {formatStock(product.stock)}
                      {product.category ? ` · ${product.category}` : ""}
                      {product.sku ? ` · SKU ${product.sku}` : ""} · Updated {formatDateTime(product.updatedAt)}
                    </p>
                  </div>
                  <div className="flex shrink-0 gap-2">
                    <Button
                      onClick={() => act(product, "approve")}
                      loading={busyId === product.id && approve.isPending}
                      disabled={own || busyId === product.id}
                      aria-describedby={titleId}
                    >
                      Approve
                    </Button>
                    <Button
                      variant="danger"
                      onClick={() => setRejecting(product)}
                      disabled={own || busyId === product.id}
                      aria-describedby={titleId}
                    >
                      Reject
                    </Button>
                  </div>
                </div>
                <p className="mt-3 line-clamp-6 text-sm whitespace-pre-line text-fg">{product.description}</p>
                {own ? <p className="mt-2 text-xs text-fg-muted">You created this product; another approver must review it.</p> : null}
              </li>
            );
          })}
        </ul>
      )}
      {queue.data && queue.data.count > PAGE_SIZE ? (
        <Pagination page={page} pageCount={pageCount} onPageChange={setPage} disabled={queue.isFetching} />
      ) : null}

      <RejectDialog
        key={rejecting?.id ?? "none"}
        open={rejecting !== null}
        productName={rejecting?.name ?? ""}
        pending={reject.isPending}
        onClose={() => setRejecting(null)}
        onReject={(reason) => rejecting && void act(rejecting, "reject", reason)}
      />
    </div>
  );
}
