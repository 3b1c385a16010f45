"use client";

import type { ExternalToast, toast as sonnerToast } from "sonner";

/**
 * The app's toasts. sonner (10 kB) is not on any page's first load: the toaster
 * (components/ui/toaster.tsx) fetches it once the page is up, and a toast raised before its outlet
 * has mounted waits for it, so none is lost and each one lands in a live region that was already
 * there (screen readers announce changes to a region, not a region that appears with its text).
 */
type Kind = "success" | "error" | "info";
type Outlet = Pick<typeof sonnerToast, Kind>;

let outlet: Outlet | null = null;
const waiting: ((outlet: Outlet) => void)[] = [];
const outletWanted = new Set<() => void>();

function show(kind: Kind) {
  return (message: string, options?: ExternalToast): void => {
    if (outlet) {
      outlet[kind](message, options);
      return;
    }
    waiting.push((ready) => ready[kind](message, options));
    // The toaster may have failed to download: a toast is the moment to try again.
    for (const wanted of outletWanted) wanted();
  };
}

export const toast = { success: show("success"), error: show("error"), info: show("info") };

/** Called by the toaster once sonner's region is mounted and listening: the waiting toasts go out. */
export function toastOutletMounted(mounted: Outlet): () => void {
  outlet = mounted;
  for (const send of waiting.splice(0)) send(mounted);
  return () => {
    if (outlet === mounted) outlet = null;
  };
}

/** The toaster's way to hear that a toast is waiting for it (to retry a failed download). */
export function onToastWaiting(listener: () => void): () => void {
  outletWanted.add(listener);
  return () => outletWanted.delete(listener);
}
