import { useSyncExternalStore } from "react";

function noSubscription(): () => void {
  return () => {};
}

/**
 * False in the server's HTML and during hydration, true once React owns the page. A control the
 * server renders but only script can handle stays inert until then: text typed into it earlier
 * would be overwritten on hydration, and a form submitted earlier would go out as a plain GET.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
