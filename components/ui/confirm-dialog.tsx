"use client";

import { useState, type ReactNode } from "react";
import { errorMessage } from "@/lib/api-client";
import { Button, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";

/**
 * "Do this?" with Cancel and the action: for changes a single click or key must not make (a role,
 * deactivation, revoking). `onConfirm` does the change; when it fails, its message is shown in
 * place of the body and the dialog stays open for another try; when it succeeds, the dialog closes.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  variant = "primary",
  failureMessage,
  onClose,
  onConfirm,
  children,
}: {
  open: boolean;
  title: string;
  description?: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  /** Shown when the failure carries no message of its own (a lost connection says so itself). */
  failureMessage?: string;
  onClose: () => void;
  onConfirm: () => Promise<unknown>;
  children?: ReactNode;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (failure) {
      setError(errorMessage(failure, failureMessage));
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={title}
      description={description}
      footer={
        <>
          <Button type="button" variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="button" variant={variant} loading={pending} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? (
        <p role="alert" className="font-medium text-danger-fg">
          {error}
        </p>
      ) : (
        children
      )}
    </Dialog>
  );
}
