"use client";

import type { KeyboardEvent } from "react";
import { cn } from "./cn";

export interface TabListProps<T extends string> {
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  /** Tab `t` gets the id `${idBase}-tab-${t}` and controls the panel `${idBase}-panel-${t}`. */
  idBase: string;
  label: string;
  className?: string;
}

/** The WAI-ARIA tabs pattern's tab list: one tab in the tab order, arrows, Home and End move between them. */
export function TabList<T extends string>({ tabs, selected, onSelect, idBase, label, className }: TabListProps<T>) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = tabs.findIndex((t) => t.id === selected);
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = tabs[(index + move + tabs.length) % tabs.length]!;
    onSelect(next.id);
    document.getElementById(`${idBase}-tab-${next.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={cn("flex gap-1 border-b border-border bg-surface px-3", className)}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`${idBase}-tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={selected === t.id}
          aria-controls={`${idBase}-panel-${t.id}`}
          tabIndex={selected === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={onKeyDown}
          className={cn(
            "focus-ring -mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
            selected === t.id ? "border-accent text-accent-fg" : "border-transparent text-fg-muted hover:text-fg",
          )}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
