import type { ComponentProps } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

// Text on its tint, from the theme's tokens (app/globals.css): each pair is checked in both schemes.
const tones: Record<BadgeTone, string> = {
  neutral: "bg-surface-muted text-fg-muted ring-border-strong/40",
  info: "bg-accent-soft text-accent-fg ring-accent/30",
  success: "bg-success-soft text-success-fg ring-success-fg/30",
  warning: "bg-warning-soft text-warning-fg ring-warning-fg/30",
  danger: "bg-danger-soft text-danger-fg ring-danger-fg/30",
};

export interface BadgeProps extends ComponentProps<"span"> {
  tone?: BadgeTone;
}

export function Badge({ tone = "neutral", className, ...props }: BadgeProps) {
  return (
    <span
      {...props}
      className={cn(
        "inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
        className,
      )}
    />
  );
}
