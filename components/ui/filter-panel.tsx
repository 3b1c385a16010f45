"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export interface FilterPanelProps {
  /** The filters, laid out by `className` from 640 px up. */
  children: ReactNode;
  /** Classes of the filters' container (a flex row or a grid). */
  className?: string;
  /** How many filters are set: the phone's button says so while the panel is closed. */
  activeCount?: number;
}

/**
 * A list's filters: in place from 640 px up; below, behind a "Filters" button that opens them as a
 * disclosure (aria-expanded), so the list starts near the top of a phone's screen. One set of
 * controls either way, so what is typed or chosen survives a change of width.
 */
export function FilterPanel({ children, className, activeCount = 0 }: FilterPanelProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div>
      <Button
        type="button"
        variant="secondary"
        className="sm:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((current) => !current)}
      >
        <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
          <path d="M3 5h14M6 10h8M9 15h2" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
        </svg>
        Filters
        {activeCount > 0 ? <span className="-ml-1 text-fg-muted">({activeCount})</span> : null}
      </Button>
      <div id={panelId} className={cn(className, open ? "max-sm:mt-3" : "max-sm:hidden")}>
        {children}
      </div>
    </div>
  );
}
