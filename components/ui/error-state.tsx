import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export interface ErrorStateProps {
  message: ReactNode;
  title?: ReactNode;
  /** Shows a Retry button when given. */
  onRetry?: () => void;
  /** Puts the Retry button in its loading state (e.g. while a refetch runs). */
  retrying?: boolean;
  /** Another way on, for a page without script (a link styled with buttonClasses()). */
  action?: ReactNode;
  className?: string;
}

export function ErrorState({
  message,
  title = "Something went wrong",
  onRetry,
  retrying = false,
  action,
  className,
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-center justify-center rounded-lg border border-border bg-surface px-6 py-10 text-center",
        className,
      )}
    >
      <p className="text-base font-semibold text-danger-fg">{title}</p>
      <p className="mt-1 max-w-md text-sm text-fg-muted">{message}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-5" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      ) : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
