import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control-classes";

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} {...props} className={cn(controlClasses, "h-10", className)} />;
}
