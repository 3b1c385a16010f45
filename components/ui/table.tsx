"use client";

import { createContext, useContext, useEffect, useRef, useState, type ComponentProps } from "react";
import { cn } from "./cn";

/**
 * How a table reads below 640 px: "scroll" keeps the columns and scrolls sideways inside its frame;
 * "cards" turns every row into a card of label–value lines (the column headers stay for screen readers).
 */
export type TablePhoneLayout = "scroll" | "cards";

const PhoneLayout = createContext<TablePhoneLayout>("scroll");

export interface TableProps extends ComponentProps<"table"> {
  /** Classes for the scroll container around the table. */
  containerClassName?: string;
  /** Below 640 px: scroll sideways (the default) or one card per row. */
  phone?: TablePhoneLayout;
}

/**
 * A table inside a horizontally scrolling container. While the table overflows,
 * the container becomes a focusable, labelled region so keyboard users can scroll it.
 * With `phone="cards"` each row is a card on a phone; the table, row and cell roles are
 * stated explicitly so the semantics survive the change of display.
 */
export function Table({ className, containerClassName, phone = "scroll", ...props }: TableProps) {
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

  const cards = phone === "cards";
  const regionLabel = props["aria-label"] ?? "Table";
  return (
    <PhoneLayout.Provider value={phone}>
      <div
        ref={containerRef}
        className={cn(
          "focus-ring w-full overflow-x-auto rounded-lg border border-border bg-surface",
          cards && "max-sm:overflow-visible max-sm:rounded-none max-sm:border-0 max-sm:bg-transparent",
          containerClassName,
        )}
        {...(scrollable ? { role: "region", "aria-label": `${regionLabel} (scrollable)`, tabIndex: 0 } : {})}
      >
        <table
          {...(cards ? { role: "table" } : {})}
          {...props}
          data-phone={phone}
          className={cn("w-full border-collapse text-left text-sm text-fg", cards && "max-sm:block", className)}
        />
      </div>
    </PhoneLayout.Provider>
  );
}

function useCards() {
  return useContext(PhoneLayout) === "cards";
}

/** The header row; on a phone in cards it is read by screen readers only, unless a cell asks to be seen (`phoneVisible`). */
export function THead({ className, ...props }: ComponentProps<"thead">) {
  const cards = useCards();
  return (
    <thead
      {...(cards ? { role: "rowgroup" } : {})}
      {...props}
      className={cn("bg-surface-muted", cards && "max-sm:block max-sm:bg-transparent [&>tr]:max-sm:border-0 [&>tr]:max-sm:bg-transparent [&>tr]:max-sm:p-0", className)}
    />
  );
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  const cards = useCards();
  return (
    <tbody
      {...(cards ? { role: "rowgroup" } : {})}
      {...props}
      className={cn("divide-y divide-border", cards && "max-sm:block max-sm:space-y-3 max-sm:divide-y-0", className)}
    />
  );
}

export interface TRProps extends ComponentProps<"tr"> {
  /** A chosen row (bulk selection): tinted with the accent, on a phone's card too. */
  selected?: boolean;
}

/** A row; on a phone in cards, a card whose cells wrap: full-width lines unless a cell is `phoneInline`. */
export function TR({ className, selected = false, ...props }: TRProps) {
  const cards = useCards();
  return (
    <tr
      {...(cards ? { role: "row" } : {})}
      {...props}
      className={cn(
        "transition-colors",
        selected && "bg-accent-soft",
        cards && "max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-x-3 max-sm:rounded-lg max-sm:border max-sm:border-border max-sm:p-3",
        cards && (selected ? "max-sm:border-accent" : "max-sm:bg-surface"),
        className,
      )}
    />
  );
}

export interface THProps extends ComponentProps<"th"> {
  /** In a header row of a cards table: shown on a phone too (a select-all box), not only to screen readers. */
  phoneVisible?: boolean;
}

/** Header cell; `scope` defaults to "col" (pass "row" for a row header inside TBody: on a phone in cards, the card's title). */
export function TH({ className, scope = "col", phoneVisible = false, ...props }: THProps) {
  const cards = useCards();
  return (
    <th
      scope={scope}
      {...(cards ? { role: scope === "row" ? "rowheader" : "columnheader" } : {})}
      {...props}
      className={cn(
        scope === "row"
          ? "px-4 py-3 font-medium text-fg"
          : "border-b border-border px-4 py-2.5 text-xs font-semibold tracking-wide text-fg-muted uppercase",
        cards &&
          (scope === "row"
            ? "max-sm:block max-sm:w-full max-sm:px-0 max-sm:py-1 max-sm:text-base max-sm:font-semibold"
            : phoneVisible
              ? "max-sm:inline-flex max-sm:border-0 max-sm:px-0 max-sm:pb-3"
              : "max-sm:sr-only"),
        className,
      )}
    />
  );
}

export interface TDProps extends ComponentProps<"td"> {
  /**
   * The column's name, shown before the value on a phone in cards. It is drawn by CSS with empty alt
   * text, so it is neither read twice (screen readers have the column header) nor part of the cell's text.
   */
  label?: string;
  /** On a phone in cards: beside its neighbours instead of a line of its own (a checkbox, a picture, the title next to them). */
  phoneInline?: boolean;
}

export function TD({ className, label, phoneInline = false, children, ...props }: TDProps) {
  const cards = useCards();
  const labelled = cards && Boolean(label);
  return (
    <td
      {...(cards ? { role: "cell" } : {})}
      {...(labelled ? { "data-label": label } : {})}
      {...props}
      className={cn(
        "px-4 py-3 align-middle",
        cards && "max-sm:px-0 max-sm:py-1",
        cards && (phoneInline ? "max-sm:w-auto" : "max-sm:w-full"),
        cards && !labelled && "max-sm:block",
        labelled &&
          "max-sm:flex max-sm:items-baseline max-sm:justify-between max-sm:gap-4 max-sm:text-right " +
            "max-sm:before:shrink-0 max-sm:before:text-left max-sm:before:text-xs max-sm:before:font-medium max-sm:before:text-fg-muted " +
            "max-sm:before:content-[attr(data-label)_/_'']",
        className,
      )}
    >
      {labelled ? <div className="min-w-0 [overflow-wrap:anywhere]">{children}</div> : children}
    </td>
  );
}
