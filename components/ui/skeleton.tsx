import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * A decorative placeholder block. Hidden from assistive tech: mark the region
 * being loaded with aria-busy (or add a Spinner with a label) to announce loading.
 */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" {...props} className={cn("animate-pulse rounded-md bg-border", className)} />;
}

/** A few lines of text-shaped skeleton; the last line is shorter, like a paragraph. */
export function SkeletonText({ lines = 3, className }: { lines?: number; className?: string }) {
  return (
    <div aria-hidden="true" className={cn("space-y-2", className)}>
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} className={cn("h-4", index === lines - 1 && lines > 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}

/**
 * A loading list: `count` blocks the shape of its items (table rows, cards), announced as busy with
 * `label`. A status region, because ARIA allows a name on a role, not on a plain `div`.
 */
export function SkeletonList({ label, count, itemClassName = "h-12" }: { label: string; count: number; itemClassName?: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className="space-y-2">
      {Array.from({ length: count }, (_, index) => (
        <Skeleton key={index} className={cn("w-full", itemClassName)} />
      ))}
    </div>
  );
}
