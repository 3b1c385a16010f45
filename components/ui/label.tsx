import type { ComponentProps } from "react";
import { cn } from "./cn";

export interface LabelProps extends ComponentProps<"label"> {
  /** Shows a visual marker; the control itself must carry `required` for assistive tech. */
  required?: boolean;
}

export function Label({ className, required, children, ...props }: LabelProps) {
  return (
    <label {...props} className={cn("block text-sm font-medium text-fg", className)}>
      {children}
      {required ? (
        <span aria-hidden="true" className="ml-0.5 text-danger-fg">
          *
        </span>
      ) : null}
    </label>
  );
}
