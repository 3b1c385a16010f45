"use client";

import { useId, useState } from "react";
import { Button, Dialog, FormField, Textarea } from "@/components/ui";
import type { BulkAction, BulkResultItem } from "@/hooks/use-product-tools";
import { formatCount } from "@/lib/format";
import { REASON_MAX } from "@/lib/products/vocabulary";

const DONE: Record<BulkAction, string> = { submit: "submitted", approve: "approved", reject: "rejected", delete: "deleted" };

/** The outcome of one bulk action, with the names of the products it was about (they may have left the page). */
export type BulkOutcome = { action: BulkAction; results: BulkResultItem[]; names: Record<string, string> };

/** "17 approved, 3 not:" — what the summary's first line says. */
export function bulkHeadline({ action, results }: Pick<BulkOutcome, "action" | "results">): string {
  const done = results.filter((result) => result.ok).length;
  const failed = results.length - done;
  if (failed === 0) return `${formatCount(done)} ${DONE[action]}.`;
  if (done === 0) return `None ${DONE[action]}; ${formatCount(failed)} not:`;
  return `${formatCount(done)} ${DONE[action]}, ${formatCount(failed)} not:`;
}

/** Each product a bulk action refused, with its reason; announced when it appears. */
export function BulkResultSummary({ outcome, onDismiss }: { outcome: BulkOutcome; onDismiss?: () => void }) {
  const refused = outcome.results.filter((result): result is Extract<BulkResultItem, { ok: false }> => !result.ok);
  return (
    <div
      role="status"
      aria-label="Bulk action result"
      className={
        refused.length > 0
          ? "space-y-2 rounded-lg border border-amber-600/30 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-100"
          : "space-y-2 rounded-lg border border-emerald-600/30 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-400/30 dark:bg-emerald-400/10 dark:text-emerald-100"
      }
    >
      <div className="flex items-start justify-between gap-3">
        <p className="font-medium">{bulkHeadline(outcome)}</p>
        {onDismiss ? (
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        ) : null}
      </div>
      {refused.length > 0 ? (
        <ul className="max-h-60 space-y-1 overflow-y-auto" aria-label="Products not changed">
          {refused.map((result) => (
            <li key={result.id} className="break-words">
              <span className="font-medium">{outcome.names[result.id] ?? result.id}</span>: {result.error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One rejection reason for every selected product (required, as for a single rejection). */
export function BulkRejectDialog({
  open,
  count,
  pending,
  onClose,
  onReject,
}: {
  open: boolean;
  count: number;
  pending: boolean;
  onClose: () => void;
  onReject: (reason: string) => void;
}) {
  const formId = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  // Each opening starts blank: a reason given to the last products is not the next ones' (the dialog also
  // closes from outside, once a rejection is done).
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      setReason("");
      setError(null);
    }
  }
  const close = () => {
    setReason("");
    setError(null);
    onClose();
  };
  const what = count === 1 ? "1 product" : `${formatCount(count)} products`;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={`Reject ${what}`}
      description="One reason for all of them; each editor sees it on their product."
      closeOnBackdropClick={false}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="danger" loading={pending}>
            Reject {what}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = reason.trim();
          if (!trimmed) return setError("A reason is required.");
          if (trimmed.length > REASON_MAX) return setError(`The reason must be at most ${REASON_MAX} characters.`);
          setError(null);
          onReject(trimmed);
        }}
      >
        <FormField label="Reason" required error={error} hint={`${reason.trim().length}/${REASON_MAX} characters. Ctrl+Enter rejects.`}>
          <Textarea
            data-autofocus
            value={reason}
            maxLength={REASON_MAX + 50}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </FormField>
      </form>
    </Dialog>
  );
}

const CONFIRMATIONS = {
  delete: {
    title: (what: string) => `Delete ${what}?`,
    description: "They are removed from the catalog for good, with their images. This cannot be undone.",
    button: (what: string) => `Delete ${what}`,
    variant: "danger",
  },
  approve: {
    title: (what: string) => `Approve ${what}?`,
    description: "Each goes live on the storefront and in the assistant's answers at once.",
    button: (what: string) => `Approve ${what}`,
    variant: "primary",
  },
} as const;

/**
 * Deleting and approving reach beyond the list (gone for good; live for every shopper): the selected
 * products are counted and the action confirmed before anything happens. Cancel has the focus, so
 * Enter alone never applies it.
 */
export function BulkConfirmDialog({
  action,
  open,
  count,
  pending,
  onClose,
  onConfirm,
}: {
  action: keyof typeof CONFIRMATIONS;
  open: boolean;
  count: number;
  pending: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const what = count === 1 ? "1 product" : `${formatCount(count)} products`;
  const copy = CONFIRMATIONS[action];
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={copy.title(what)}
      description={copy.description}
      size="sm"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button variant={copy.variant} loading={pending} onClick={onConfirm}>
            {copy.button(what)}
          </Button>
        </>
      }
    />
  );
}
