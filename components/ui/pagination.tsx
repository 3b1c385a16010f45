import { Button } from "./button";
import { cn } from "./cn";

export interface PaginationProps {
  /** 1-based current page. */
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
  /** Disables both buttons, e.g. while the next page is loading. */
  disabled?: boolean;
  className?: string;
}

export function Pagination({ page, pageCount, onPageChange, disabled = false, className }: PaginationProps) {
  // An empty result still reads "Page 1 of 1" rather than "Page 1 of 0".
  const total = Math.max(1, Math.floor(pageCount));
  const current = Math.min(Math.max(1, Math.floor(page)), total);
  return (
    <nav aria-label="Pagination" className={cn("flex items-center justify-between gap-4", className)}>
      <Button
        variant="secondary"
        size="sm"
        aria-label="Previous page"
        disabled={disabled || current <= 1}
        onClick={() => onPageChange(current - 1)}
      >
        <span aria-hidden="true">←</span>
        Previous
      </Button>
      <p className="text-sm text-fg-muted" aria-live="polite" aria-atomic="true">
        Page <span className="font-medium text-fg">{current}</span> of{" "}
        <span className="font-medium text-fg">{total}</span>
      </p>
      <Button
        variant="secondary"
        size="sm"
        aria-label="Next page"
        disabled={disabled || current >= total}
        onClick={() => onPageChange(current + 1)}
      >
        Next
        <span aria-hidden="true">→</span>
      </Button>
    </nav>
  );
}
