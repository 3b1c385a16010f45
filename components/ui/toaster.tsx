"use client";

import { useEffect, useState } from "react";
import { lazyModule } from "@/lib/lazy-module";
import { onToastWaiting, toast } from "@/lib/toast";

let pageNoticeSaid = false;

// sonner with the app's settings and icons: none of it is on a page's first load.
const outlet = lazyModule(() => import("./toast-outlet"));
type Outlet = Awaited<ReturnType<typeof outlet.preload>>;

/**
 * The app's one toast outlet (mounted in components/layout/providers.tsx); show toasts with `toast` from
 * lib/toast.ts. sonner and its settings (components/ui/toast-outlet.tsx) load once the page is up; its
 * region is then always mounted and polite, so screen readers announce each toast, and a toast raised
 * before it waits for it. Timers pause while a toast is hovered or the list is expanded (Alt+T).
 * Light/dark follows prefers-color-scheme like the rest of the theme, and the neutral colours come from
 * the tokens in app/globals.css.
 *
 * Toasts appear at the top, just under the navigation bar: the controls that raise them (Save, Send,
 * a form's submit) sit in the page or at its bottom, where a toast in a corner would cover them.
 */
export function Toaster({ notice }: { notice?: string | null }) {
  const [loaded, setLoaded] = useState<Outlet | undefined>(outlet.loaded);
  // What the server has to say with the page it sent (app/(app)/layout.tsx), once per document: Back to
  // the page may mount the shell again with the same server render.
  useEffect(() => {
    if (!notice || pageNoticeSaid) return;
    pageNoticeSaid = true;
    toast.info(notice);
  }, [notice]);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    const load = () => void outlet.preload().then((module) => live && setLoaded(module), () => undefined);
    load();
    const stop = onToastWaiting(load);
    return () => {
      live = false;
      stop();
    };
  }, [loaded]);
  return loaded ? <loaded.ToastOutlet /> : null;
}
