"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastKind = "success" | "error" | "info";

export interface ToastOptions {
  description?: ReactNode;
  /** Milliseconds before auto-dismiss; errors stay longer by default. */
  duration?: number;
}

export interface ToastApi {
  success: (title: ReactNode, options?: ToastOptions) => string;
  error: (title: ReactNode, options?: ToastOptions) => string;
  info: (title: ReactNode, options?: ToastOptions) => string;
  dismiss: (id: string) => void;
}

interface ToastItem {
  id: string;
  kind: ToastKind;
  title: ReactNode;
  description?: ReactNode;
  duration: number;
}

const DEFAULT_DURATION: Record<ToastKind, number> = { success: 5000, info: 5000, error: 8000 };
const MAX_VISIBLE = 5;

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const counter = useRef(0);

  const dismiss = useCallback((id: string) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const api = useMemo<ToastApi>(() => {
    const show = (kind: ToastKind) => (title: ReactNode, options: ToastOptions = {}) => {
      counter.current += 1;
      const id = `toast-${counter.current}`;
      const item: ToastItem = {
        id,
        kind,
        title,
        description: options.description,
        duration: options.duration ?? DEFAULT_DURATION[kind],
      };
      setToasts((current) => [...current, item].slice(-MAX_VISIBLE));
      return id;
    };
    return { success: show("success"), error: show("error"), info: show("info"), dismiss };
  }, [dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* The live region is always mounted: screen readers only announce changes to a region that already exists. */}
      <section
        aria-label="Notifications"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        <ol aria-live="polite" aria-relevant="additions text" className="flex w-full max-w-sm flex-col gap-2">
          {toasts.map((toast) => (
            <ToastCard key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

/** Shows toasts; must be used inside ToastProvider (mounted once in app/providers.tsx). */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast() must be used inside <ToastProvider>.");
  return api;
}

const kindStyles: Record<ToastKind, { bar: string; label: string }> = {
  success: { bar: "bg-emerald-500", label: "Success" },
  error: { bar: "bg-danger", label: "Error" },
  info: { bar: "bg-accent", label: "Info" },
};

function ToastCard({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: string) => void }) {
  // Paused while hovered or focused, so nobody loses a message they are reading (WCAG 2.2.1).
  const [paused, setPaused] = useState(false);
  const remaining = useRef(toast.duration);

  useEffect(() => {
    if (paused) return;
    const startedAt = Date.now();
    const timer = window.setTimeout(() => onDismiss(toast.id), remaining.current);
    return () => {
      window.clearTimeout(timer);
      remaining.current = Math.max(1000, remaining.current - (Date.now() - startedAt));
    };
  }, [paused, toast.id, onDismiss]);

  const style = kindStyles[toast.kind];
  return (
    <li
      data-kind={toast.kind}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setPaused(false);
      }}
      className="animate-toast-in pointer-events-auto relative flex items-start gap-3 overflow-hidden rounded-lg border border-border bg-surface py-3 pr-2 pl-4 text-fg shadow-lg"
    >
      <span aria-hidden="true" className={cn("absolute inset-y-0 left-0 w-1", style.bar)} />
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium">
          <span className="sr-only">{style.label}: </span>
          {toast.title}
        </p>
        {toast.description ? <div className="mt-0.5 text-fg-muted">{toast.description}</div> : null}
      </div>
      <button
        type="button"
        aria-label="Dismiss notification"
        onClick={() => onDismiss(toast.id)}
        className="focus-ring inline-flex size-7 shrink-0 items-center justify-center rounded-md text-fg-muted transition-colors hover:bg-surface-muted hover:text-fg"
      >
        <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
          <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
        </svg>
      </button>
    </li>
  );
}
