"use client";

import { useId, useState } from "react";
import { Button, Dialog, FormField, Textarea } from "@/components/ui";
import { REASON_MAX } from "@/lib/products/vocabulary";

/** Asks for the (required) rejection reason; the parent performs the request. */
export function RejectDialog({
  open,
  productName,
  pending,
  serverError,
  onClose,
  onReject,
}: {
  open: boolean;
  productName: string;
  pending: boolean;
  serverError?: string | null;
  onClose: () => void;
  onReject: (reason: string) => void;
}) {
  const formId = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setReason("");
    setError(null);
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={`Reject “${productName}”`}
      description="Tell the editor what to change; they will see this reason on the product."
      closeOnBackdropClick={false}
      unsaved={reason.trim().length > 0}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="danger" loading={pending}>
            Reject
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
          if (!trimmed) {
            setError("A reason is required.");
            return;
          }
          if (trimmed.length > REASON_MAX) {
            setError(`The reason must be at most ${REASON_MAX} characters.`);
            return;
          }
          setError(null);
          onReject(trimmed);
        }}
      >
        <FormField
          label="Reason"
          required
          error={error ?? serverError}
          hint={`${reason.trim().length}/${REASON_MAX} characters. Ctrl+Enter rejects.`}
        >
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
