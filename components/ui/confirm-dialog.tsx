"use client";

import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";

/**
 * "Do this?" with Cancel and the action: for changes a single click or key must not make (a role,
 * deactivation, revoking). A failure is shown in place of the body, and the dialog stays open.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  variant = "primary",
  pending,
  error,
  onCancel,
  onConfirm,
  children,
}: {
  open: boolean;
  title: string;
  description?: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      description={description}
      footer={
        <>
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="button" variant={variant} loading={pending} onClick={onConfirm}>
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
