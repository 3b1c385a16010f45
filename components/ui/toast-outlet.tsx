"use client";

import { useEffect } from "react";
import { Toaster as Sonner, toast } from "sonner";
import { toastOutletMounted } from "@/lib/toast";

// Each kind is named for screen readers too, not only by colour and icon ("Success: Saved").
function KindIcon({ label, path }: { label: string; path: string }) {
  return (
    <>
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-5">
        <path fillRule="evenodd" clipRule="evenodd" d={path} />
      </svg>
      <span className="sr-only">{label}: </span>
    </>
  );
}

// The navigation bar's height and a little air, so a toast never covers the bar either.
const NAV_CLEARANCE_PX = 72;

const ICONS = {
  success: (
    <KindIcon
      label="Success"
      path="M10 18a8 8 0 100-16 8 8 0 000 16zm3.857-9.809a.75.75 0 00-1.214-.882l-3.483 4.79-1.88-1.88a.75.75 0 10-1.06 1.061l2.5 2.5a.75.75 0 001.137-.089l4-5.5z"
    />
  ),
  error: (
    <KindIcon
      label="Error"
      path="M10 18a8 8 0 100-16 8 8 0 000 16zM8.28 7.22a.75.75 0 00-1.06 1.06L8.94 10l-1.72 1.72a.75.75 0 101.06 1.06L10 11.06l1.72 1.72a.75.75 0 101.06-1.06L11.06 10l1.72-1.72a.75.75 0 00-1.06-1.06L10 8.94 8.28 7.22z"
    />
  ),
  info: (
    <KindIcon
      label="Info"
      path="M18 10a8 8 0 11-16 0 8 8 0 0116 0zm-7-4a1 1 0 11-2 0 1 1 0 012 0zM9 9a.75.75 0 000 1.5h.253a.25.25 0 01.244.304l-.459 2.066A1.75 1.75 0 0010.747 15H11a.75.75 0 000-1.5h-.253a.25.25 0 01-.244-.304l.459-2.066A1.75 1.75 0 009.253 9H9z"
    />
  ),
};

/** sonner's region with the app's settings (components/ui/toaster.tsx mounts it once this module has loaded). */
export function ToastOutlet() {
  // After sonner's own effects (a child's run first): its region is listening when the waiting toasts go out.
  useEffect(() => toastOutletMounted(toast), []);
  return (
    <Sonner
      theme="system"
      position="top-center"
      offset={{ top: NAV_CLEARANCE_PX }}
      mobileOffset={{ top: NAV_CLEARANCE_PX }}
      richColors
      closeButton
      visibleToasts={5}
      duration={6000}
      icons={ICONS}
      toastOptions={{ closeButtonAriaLabel: "Dismiss notification" }}
    />
  );
}
