import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: ComponentProps<"div">) {
  return <div {...props} className={cn("rounded-lg border border-border bg-surface text-fg shadow-sm", className)} />;
}

export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return <div {...props} className={cn("flex flex-col gap-1 px-5 pt-5 pb-3", className)} />;
}

type HeadingLevel = "h2" | "h3" | "h4";

export interface CardTitleProps extends ComponentProps<"h2"> {
  /** Heading level to fit the page outline; defaults to h2. */
  as?: HeadingLevel;
}

export function CardTitle({ as: Heading = "h2", className, ...props }: CardTitleProps) {
  return <Heading {...props} className={cn("text-base font-semibold tracking-tight text-fg", className)} />;
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return <p {...props} className={cn("text-sm text-fg-muted", className)} />;
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return <div {...props} className={cn("px-5 pb-5", className)} />;
}
