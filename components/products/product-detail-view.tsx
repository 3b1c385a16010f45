"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Dialog,
  EmptyState,
  ErrorState,
  Skeleton,
  StatusBadge,
} from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useApproveProduct, useDeleteProduct, useRejectProduct, useSubmitProduct, useUpdateProduct } from "@/hooks/use-product-changes";
import { useProduct } from "@/hooks/use-products";
import { apiError, errorMessage } from "@/lib/api-client";
import { can, reviewsOwnWork, type Action } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { revisionChanges } from "@/lib/products/diff";
import type { ProductDto, ProductFormOutput, ProductUpdateInput, RevisionDto } from "@/lib/products/schemas";
import { toast } from "@/lib/toast";
import { ImageManager } from "./image-manager";
import { ProductForm } from "./product-form";
import { ProductHistory } from "./product-history";
import { RejectDialog } from "./reject-dialog";
import { RevisionDiff } from "./revision-diff";
import { StockEditor } from "./stock-editor";

const EDITABLE = ["name", "description", "price", "sku", "category", "stock"] as const;

/** The fields the form edits, as they stand: the open revision's reviewed fields over the live product. */
function editedVersion(product: ProductDto, revision: RevisionDto | null | undefined): ProductDto {
  if (!revision) return product;
  const { name, description, price, sku, category } = revision;
  return { ...product, name, description, price, sku, category };
}

function changesBetween(product: ProductDto, values: ProductFormOutput): ProductUpdateInput {
  const changes: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    const next = values[field] ?? null;
    const current = field === "price" ? product.price : (product[field] ?? null);
    // Prices compare as numbers so "5" and "5.00" are the same price.
    const same = field === "price" ? Number(next) === Number(current) : next === current;
    if (!same) changes[field] = next;
  }
  // The stock shown when the form was filled: a sale since then makes the server refuse rather than undo it.
  if ("stock" in changes) changes.expectedStock = product.stock ?? null;
  return changes as ProductUpdateInput;
}

export function ProductDetailView({ productId }: { productId: string }) {
  const timeZone = useTimeZone();
  const { role, user } = useAuth();
  const router = useRouter();
  const product = useProduct(productId);
  const update = useUpdateProduct();
  const submit = useSubmitProduct();
  const approve = useApproveProduct();
  const reject = useRejectProduct();
  const remove = useDeleteProduct();
  const [rejectOpen, setRejectOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);

  if (product.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading product" className="space-y-3">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (product.isError) {
    if (apiError(product.error)?.error === "not_found") {
      return (
        <EmptyState
          title="Product not found"
          description="It may have been deleted, or you may not have access to it."
          action={
            <Link href="/products" className="text-accent hover:underline">
              Back to products
            </Link>
          }
        />
      );
    }
    return <ErrorState message={errorMessage(product.error)} onRetry={() => product.refetch()} retrying={product.isFetching} />;
  }

  const p = product.data;
  const revision = p.revision ?? null;
  // What the form shows and edits: a live product's open change, or the product itself.
  const edited = editedVersion(p, revision);
  const underReview = revision ? revision.status === "pending_approval" : p.status === "pending_approval";
  const may = (action: Action) => role !== null && can(role, action);
  const isEditorish = may("product:update");
  const editable = isEditorish && (!underReview || role === "admin");
  const canSubmit =
    may("product:submit") && (revision ? revision.status !== "pending_approval" : p.status === "draft" || p.status === "rejected" || p.status === "approved");
  // An approver never reviews a version they created, edited or submitted (the server refuses it too).
  const isReviewer = may("product:approve") && !(user !== null && reviewsOwnWork(user, revision ?? p));
  const canReview = underReview && isReviewer;
  const rejectionReason = revision ? (revision.status === "rejected" || revision.status === "draft" ? revision.rejectionReason : null) : p.rejectionReason;

  const review = async (action: "approve" | "reject", reason?: string) => {
    try {
      if (action === "approve") await approve.mutateAsync({ id: p.id, version: p.reviewVersion });
      else await reject.mutateAsync({ id: p.id, reason: reason!, version: p.reviewVersion });
      setRejectOpen(false);
      toast.success(action === "approve" ? "Product approved" : "Product rejected");
    } catch (error) {
      toast.error(errorMessage(error));
      const code = apiError(error)?.error;
      // It changed under the reviewer: show them what it says now rather than a dialog over it.
      if (code === "conflict") setRejectOpen(false);
      if (code === "invalid_transition" || code === "conflict") await product.refetch();
    }
  };

  return (
    <div className="mx-auto max-w-5xl space-y-5">
      <div>
        <Link href="/products" className="focus-ring rounded text-sm text-accent hover:underline">
          ← Products
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-fg">{p.name}</h1>
          <StatusBadge status={p.status} />
        </div>
        <p className="mt-1 text-xs text-fg-muted">
          Created {formatDateTime(p.createdAt, timeZone)} · Updated {formatDateTime(p.updatedAt, timeZone)}
          {p.approvedAt ? ` · Approved ${formatDateTime(p.approvedAt, timeZone)}` : ""}
        </p>
      </div>

      {revision ? (
        <div role="status" className="space-y-1 rounded-lg border border-sky-300 bg-sky-50 p-4 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100" data-testid="revision-banner">
          <p className="font-semibold">
            {revision.status === "pending_approval"
              ? "A change is waiting for approval."
              : revision.status === "rejected"
                ? "A change was rejected."
                : "A change is in draft."}
          </p>
          <p>
            The live version ({p.name}, {formatMoney(p.price)}) stays on sale until the change is approved. The form below shows the change.
          </p>
        </div>
      ) : null}

      {rejectionReason && (revision ? revision.status === "rejected" || revision.status === "draft" : p.status === "rejected" || p.status === "draft") ? (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">{(revision ?? p).status === "rejected" ? "Rejected" : "Last rejection"}: reason from the approver</p>
          <p className="mt-1 text-sm whitespace-pre-line" data-testid="rejection-reason">
            {rejectionReason}
          </p>
          {(revision ?? p).status === "rejected" && isEditorish ? (
            <p className="mt-2 text-xs">Edit the product to address it, then submit it for approval again.</p>
          ) : null}
        </div>
      ) : null}

      {underReview && !editable && isEditorish ? (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {revision
            ? "This change is waiting for approval and cannot be edited until it is reviewed. Stock can still be changed."
            : "This product is waiting for approval and cannot be edited until it is reviewed."}
        </p>
      ) : null}
      {p.status === "approved" && !revision && editable ? (
        <p className="text-sm text-fg-muted">
          Changes to a live product go to review; it stays on sale as it is until they are approved. Stock changes apply at once.
        </p>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-3">
        <div className="space-y-5 lg:col-span-2">
        {isEditorish ? <ImageManager productId={p.id} readOnly={!editable} /> : null}
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <ProductForm
              key={p.id}
              product={edited}
              readOnly={!editable}
              stockElsewhere={!editable && isEditorish}
              onSubmit={async (values, intent) => {
                const changes = changesBetween(edited, values);
                if (intent === "submit") {
                  if (Object.keys(changes).length > 0) {
                    await update.mutateAsync({ id: p.id, changes: { ...changes, status: "pending_approval" } });
                  } else if (p.status === "approved" && !revision) {
                    toast.info("Nothing to submit: the live version is unchanged. Change a field first.");
                    return;
                  } else {
                    await submit.mutateAsync(p.id);
                  }
                  toast.success("Product submitted for approval");
                  return;
                }
                if (Object.keys(changes).length === 0) {
                  toast.info("Nothing to save: no field changed.");
                  return;
                }
                const saved = await update.mutateAsync({ id: p.id, changes });
                const onlyStock = Object.keys(changes).every((field) => field === "stock");
                toast.success(p.status === "approved" && !onlyStock && saved.revision ? "Saved as a change to review; the live version stays on sale" : "Saved");
              }}
              actions={({ submitting }) => (
                <>
                  <Button type="submit" name="intent" value="save" variant={canSubmit ? "secondary" : "primary"} disabled={submitting}>
                    Save
                  </Button>
                  {canSubmit ? (
                    <Button type="submit" name="intent" value="submit" disabled={submitting}>
                      Submit for approval
                    </Button>
                  ) : null}
                </>
              )}
            />
            {!editable ? (
              <p className="mt-3 text-xs text-fg-muted">Read only for your role{underReview ? " while pending approval" : ""}.</p>
            ) : null}
            {!editable && isEditorish ? <StockEditor product={p} /> : null}
          </CardContent>
        </Card>
        </div>

        <div className="space-y-5">
          {may("product:approve") ? (
            <Card>
              <CardHeader>
                <CardTitle>Review</CardTitle>
              </CardHeader>
              <CardContent className="space-y-3">
                {revision && revision.status === "pending_approval" ? <RevisionDiff changes={revisionChanges(p, revision)} /> : null}
                {canReview ? (
                  <div className="flex gap-2">
                    <Button onClick={() => review("approve")} loading={approve.isPending}>
                      Approve
                    </Button>
                    <Button variant="danger" onClick={() => setRejectOpen(true)}>
                      Reject
                    </Button>
                  </div>
                ) : underReview ? (
                  <p className="text-sm text-fg-muted">You had a hand in this version, so another approver must review it.</p>
                ) : (
                  <p className="text-sm text-fg-muted">Only products and changes pending approval can be reviewed.</p>
                )}
                {may("product:delete") ? (
                  <Button variant="ghost" className="text-danger-fg" onClick={() => setDeleteOpen(true)}>
                    Delete product
                  </Button>
                ) : null}
              </CardContent>
            </Card>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
            </CardHeader>
            <CardContent>
              <ProductHistory productId={p.id} />
            </CardContent>
          </Card>
        </div>
      </div>

      <RejectDialog
        key={rejectOpen ? "open" : "closed"}
        open={rejectOpen}
        productName={p.name}
        pending={reject.isPending}
        onClose={() => setRejectOpen(false)}
        onReject={(reason) => void review("reject", reason)}
      />
      <Dialog
        open={deleteOpen}
        onClose={() => setDeleteOpen(false)}
        title={`Delete “${p.name}”?`}
        description="This cannot be undone. Past purchases keep their price snapshot."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleteOpen(false)} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={async () => {
                try {
                  await remove.mutateAsync(p.id);
                  toast.success("Product deleted");
                  router.push("/products");
                } catch (error) {
                  toast.error(errorMessage(error));
                }
              }}
            >
              Delete
            </Button>
          </>
        }
      />
    </div>
  );
}
