"use client";

import { useState, type ReactNode } from "react";
import { Button, Dialog } from "@/components/ui";

/**
 * A create dialog whose answer holds a secret the server returns only once (a temporary password,
 * an invite code): the form first, then the result until Done. A stray backdrop click must not
 * discard either, so only Escape, Close, Cancel and Done close it.
 */
export function ShownOnceDialog<Result>({
  open,
  onClose,
  title,
  resultTitle,
  description,
  renderForm,
  renderResult,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  resultTitle: string;
  description: string;
  /** The form; it calls `show` with the created thing to switch to the result, or `close` when there is nothing to show. */
  renderForm: (actions: { show: (result: Result) => void; close: () => void }) => ReactNode;
  renderResult: (result: Result) => ReactNode;
}) {
  const [result, setResult] = useState<Result | null>(null);
  const close = () => {
    setResult(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={result ? resultTitle : title}
      description={result ? undefined : description}
      closeOnBackdropClick={false}
    >
      {result ? (
        <div className="space-y-4">
          {renderResult(result)}
          <div className="flex justify-end">
            <Button type="button" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        renderForm({ show: setResult, close })
      )}
    </Dialog>
  );
}

/** Cancel and the submit button under a dialog's form. */
export function DialogFormActions({ onCancel, submitting, submitLabel }: { onCancel: () => void; submitting: boolean; submitLabel: string }) {
  return (
    <div className="flex justify-end gap-2 border-t border-border pt-4">
      <Button type="button" variant="secondary" onClick={onCancel} disabled={submitting}>
        Cancel
      </Button>
      <Button type="submit" loading={submitting}>
        {submitLabel}
      </Button>
    </div>
  );
}
