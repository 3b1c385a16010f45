"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/hooks/use-hydrated";
import { cn } from "./cn";

/**
 * A form's fields, disabled until the page is interactive (see useHydrated). Every form the server
 * renders wraps its fields in one, so nothing typed before hydration is lost and nothing is sent
 * around the form's own submit handler.
 */
export function InteractiveFieldset({ children, className }: { children: ReactNode; className?: string }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className={cn("min-w-0", className)}>
      {children}
    </fieldset>
  );
}
