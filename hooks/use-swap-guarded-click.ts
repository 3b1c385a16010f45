"use client";

import { useCallback, useEffect, useRef, type MouseEvent } from "react";

/** About a double click's span: a pointer click this soon after the button appeared finished the press on the one it replaced. */
export const SWAP_GUARD_MS = 500;

/**
 * The click handler of a button that takes another's place when that one is pressed (Send → Stop):
 * the second click of a double click on Send must not stop the answer the first one asked for. A
 * click from the keyboard (`detail` 0) always counts.
 */
export function useSwapGuardedClick(shown: boolean, onClick: () => void): (event: MouseEvent) => void {
  const shownAt = useRef(0);
  useEffect(() => {
    if (shown) shownAt.current = performance.now();
  }, [shown]);
  return useCallback(
    (event: MouseEvent) => {
      if (event.detail !== 0 && performance.now() - shownAt.current < SWAP_GUARD_MS) return;
      onClick();
    },
    [onClick],
  );
}
