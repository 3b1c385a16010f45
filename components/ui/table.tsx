"use client";

import { useEffect, useRef, useState, type ComponentProps } from "react";
import { cn } from "./cn";

export interface TableProps extends ComponentProps<"table"> {
  /** Classes for the scroll container around the table. */
  containerClassName?: string;
}

/**
 * A table inside a horizontally scrolling container. While the table overflows,
 * the container becomes a focusable, labelled region so keyboard users can scroll it.
 */
export function Table({ className, containerClassName, ...props }: TableProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || typeof ResizeObserver === "undefined") return;
    const update = () => setScrollable(container.scrollWidth > container.clientWidth + 1);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(container);
    if (container.firstElementChild) observer.observe(container.firstElementChild);
    return () => observer.disconnect();
  }, []);

  const regionLabel = props["aria-label"] ?? "Table";
  return (
    <div
      ref={containerRef}
      className={cn("focus-ring w-full overflow-x-auto rounded-lg border border-border bg-surface", containerClassName)}
      {...(scrollable ? { role: "region", "aria-label": `${regionLabel} (scrollable)`, tabIndex: 0 } : {})}
    >
      <table {...props} className={cn("w-full border-collapse text-left text-sm text-fg", className)} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead {...props} className={cn("bg-surface-muted", className)} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody {...props} className={cn("divide-y divide-border", className)} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr {...props} className={cn("transition-colors", className)} />;
}

/** Header cell; `scope` defaults to "col" (pass "row" for a row header inside TBody). */
export function TH({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      {...props}
      className={cn(
        scope === "row"
          ? "px-4 py-3 font-medium text-fg"
          : "border-b border-border px-4 py-2.5 text-xs font-semibold tracking-wide text-fg-muted uppercase",
        className,
      )}
    />
  );
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td {...props} className={cn("px-4 py-3 align-middle", className)} />;
}
