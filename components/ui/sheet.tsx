"use client";

import { useEffect, useId, useRef, type KeyboardEvent, type MouseEvent, type ReactNode, type SyntheticEvent } from "react";
import { cn } from "./cn";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

export interface SheetProps {
  open: boolean;
  /** Called for Escape, the close button and a backdrop click; the parent decides by setting `open`. */
  onClose: () => void;
  title: ReactNode;
  children?: ReactNode;
  /** The edge it slides from. */
  side?: "left" | "right";
  className?: string;
}

/**
 * A modal panel along one edge of the screen (a drawer), on the native <dialog> + showModal() like
 * Dialog: the page behind is inert and Escape closes it. Tab and Shift+Tab wrap inside it rather
 * than leaving for the browser's own controls, focus starts on the first control (or one marked
 * `data-autofocus`) and returns to the opener when it closes. Content is mounted only while open.
 */
export function Sheet({ open, onClose, title, children, side = "left", className }: SheetProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const openRef = useRef(open);
  const onCloseRef = useRef(onClose);
  const openerRef = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    onCloseRef.current = onClose;
    openRef.current = open;
  }, [onClose, open]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target = dialog.querySelector<HTMLElement>("[data-autofocus]") ?? bodyRef.current?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const opener = openerRef.current;
      openerRef.current = null;
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  const handleCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    onCloseRef.current();
  };

  const handleNativeClose = () => {
    if (openRef.current) onCloseRef.current();
  };

  const handleBackdropClick = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) onCloseRef.current();
  };

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== "Tab") return;
    const focusable = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (element) => element.getClientRects().length > 0,
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onCancel={handleCancel}
      onClose={handleNativeClose}
      onClick={handleBackdropClick}
      onKeyDown={trapTab}
      className={cn(
        "fixed inset-y-0 m-0 h-dvh max-h-dvh w-[min(20rem,calc(100vw-3rem))] max-w-none border-border bg-surface p-0 text-fg shadow-xl",
        side === "left" ? "right-auto left-0 border-r" : "right-0 left-auto border-l",
        className,
      )}
    >
      {open ? (
        <div className="flex h-full flex-col pt-[env(safe-area-inset-top)] pb-[env(safe-area-inset-bottom)]">
          <div className="flex items-center justify-between gap-4 border-b border-border px-4 py-3">
            <h2 id={titleId} className="text-base font-semibold tracking-tight text-fg">
              {title}
            </h2>
            <button
              type="button"
              aria-label="Close"
              onClick={() => onCloseRef.current()}
              className="focus-ring -mr-1 inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-fg-muted transition-colors hover:bg-surface-muted hover:text-fg"
            >
              <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
                <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
              </svg>
            </button>
          </div>
          <div ref={bodyRef} className="flex min-h-0 flex-1 flex-col p-3">
            {children}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
