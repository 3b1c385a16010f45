"use client";

import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode, type SyntheticEvent } from "react";
import { cn } from "./cn";

export type DialogSize = "sm" | "md" | "lg";

const sizes: Record<DialogSize, string> = {
  sm: "max-w-sm",
  md: "max-w-lg",
  lg: "max-w-2xl",
};

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

export interface DialogProps {
  open: boolean;
  /** Called for Escape, the close button and a backdrop click; the parent decides by setting `open`. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Action buttons, right-aligned under the body. */
  footer?: ReactNode;
  size?: DialogSize;
  /** Set false for dialogs holding typed work that a stray click must not discard. */
  closeOnBackdropClick?: boolean;
  /**
   * The dialog holds typed work not yet sent: Escape, the close button and a backdrop click ask
   * "Discard what you typed?" first instead of closing. (A Cancel button of the caller's closes at once.)
   */
  unsaved?: boolean;
  className?: string;
}

/**
 * Modal dialog on the native <dialog> + showModal(): the browser makes the page
 * behind inert (focus stays inside) and turns Escape into a `cancel` event.
 * Content is only mounted while open, so forms inside start fresh each time.
 * To choose the initially focused element, mark it `data-autofocus` (React's
 * autoFocus fires before the dialog is shown, so it cannot work here).
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "md",
  closeOnBackdropClick = true,
  unsaved = false,
  className,
}: DialogProps) {
  const [askingDiscard, setAskingDiscard] = useState(false);
  const keepEditingRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const openRef = useRef(open);
  const openerRef = useRef<HTMLElement | null>(null);
  const onCloseRef = useRef(onClose);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    onCloseRef.current = onClose;
    openRef.current = open;
  }, [onClose, open]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Initial focus: an element marked data-autofocus, else the first field or
    // action below the header, rather than the header's close button.
    const target =
      dialog.querySelector<HTMLElement>("[data-autofocus]") ??
      contentRef.current?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => {
      setAskingDiscard(false);
      if (dialog.open) dialog.close();
      const opener = openerRef.current;
      openerRef.current = null;
      // The opener may have been removed (e.g. the row it lived in was deleted).
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  // Escape, the close button or the backdrop close the dialog, unless typed work would go with it: then
  // they ask first, and asked again (a second Escape) it means "no, keep editing".
  const requestClose = () => {
    if (unsaved) setAskingDiscard((asking) => !asking);
    else onCloseRef.current();
  };
  const discardQuestion = askingDiscard && unsaved;

  useEffect(() => {
    if (discardQuestion) keepEditingRef.current?.focus();
  }, [discardQuestion]);

  const handleCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    // Keep the element's state in step with the `open` prop: the parent closes it.
    event.preventDefault();
    requestClose();
  };

  // A <form method="dialog"> inside closes the element natively; report it the same way.
  const handleNativeClose = () => {
    if (openRef.current) onCloseRef.current();
  };

  const handleBackdropClick = (event: MouseEvent<HTMLDialogElement>) => {
    // The dialog element itself has no padding, so a click landing on it is a click on the backdrop.
    if (closeOnBackdropClick && event.target === event.currentTarget) requestClose();
  };

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={handleCancel}
      onClose={handleNativeClose}
      onClick={handleBackdropClick}
      className={cn(
        "m-auto w-[calc(100%-2rem)] rounded-lg border border-border bg-surface p-0 text-fg shadow-xl",
        "open:animate-dialog-in max-h-[calc(100dvh-2rem)]",
        sizes[size],
        className,
      )}
    >
      {open ? (
        <div className="flex max-h-[calc(100dvh-2rem)] flex-col">
          <div className="flex items-start justify-between gap-4 px-5 pt-5 pb-3">
            <div className="space-y-1">
              <h2 id={titleId} className="text-lg font-semibold tracking-tight text-fg">
                {title}
              </h2>
              {description ? (
                <p id={descriptionId} className="text-sm text-fg-muted">
                  {description}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              aria-label="Close"
              onClick={requestClose}
              className="focus-ring -mt-1 -mr-1 inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-fg-muted transition-colors hover:bg-surface-muted hover:text-fg"
            >
              <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
                <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
              </svg>
            </button>
          </div>
          {discardQuestion ? (
            <div role="alert" className="mx-5 mb-3 flex flex-wrap items-center justify-between gap-2 rounded-md border border-border bg-surface-muted px-3 py-2 text-sm text-fg">
              <span className="font-medium">Discard what you typed?</span>
              <span className="flex gap-2">
                <button
                  ref={keepEditingRef}
                  type="button"
                  onClick={() => setAskingDiscard(false)}
                  className="focus-ring rounded-md border border-border bg-surface px-2.5 py-1 font-medium text-fg hover:bg-surface-muted"
                >
                  Keep editing
                </button>
                <button
                  type="button"
                  onClick={() => onCloseRef.current()}
                  className="focus-ring rounded-md bg-danger px-2.5 py-1 font-medium text-white hover:opacity-90"
                >
                  Discard
                </button>
              </span>
            </div>
          ) : null}
          <div ref={contentRef} className="flex min-h-0 flex-1 flex-col">
            <div className="min-h-0 flex-1 overflow-y-auto px-5 pb-5 text-sm">{children}</div>
            {footer ? (
              <div className="flex flex-wrap items-center justify-end gap-2 border-t border-border px-5 py-3">
                {footer}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
