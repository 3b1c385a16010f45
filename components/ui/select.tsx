import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control-classes";

export type SelectProps = ComponentProps<"select">;

/** Native <select>: keyboard, type-ahead and mobile pickers come for free. */
export function Select({ className, children, ...props }: SelectProps) {
  return (
    <select {...props} className={cn(controlClasses, "h-10 pr-8", className)}>
      {children}
    </select>
  );
}
