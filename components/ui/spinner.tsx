import type { ComponentProps } from "react";
import { cn } from "./cn";

export type SpinnerSize = "sm" | "md" | "lg";

const sizes: Record<SpinnerSize, string> = {
  sm: "size-4",
  md: "size-5",
  lg: "size-8",
};

export interface SpinnerProps extends Omit<ComponentProps<"span">, "children"> {
  size?: SpinnerSize;
  /** When set, the spinner is announced as a status with this text; otherwise it is decorative. */
  label?: string;
}

export function Spinner({ size = "md", label, className, ...props }: SpinnerProps) {
  const a11y = label ? { role: "status" as const } : { "aria-hidden": true as const };
  return (
    <span className={cn("inline-flex items-center justify-center", className)} {...a11y} {...props}>
      <svg className={cn("animate-spin", sizes[size])} viewBox="0 0 24 24" fill="none" aria-hidden="true">
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
