"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { LazyModule } from "@/lib/lazy-module";

/**
 * A dialog whose content is a lazy module (a form with its validation): the opener starts the download
 * when pointed at or focused, and the dialog opens once the code is there, so it opens whole and its
 * first field takes the focus. `opening` is true while a click waits for the download.
 */
export function useLazyDialog<M>(content: LazyModule<M>, what: string) {
  const [open, setOpen] = useState(false);
  const [opening, setOpening] = useState(false);
  const prefetch = () => void content.preload().catch(() => undefined);
  const show = () => {
    setOpening(true);
    content
      .preload()
      .then(
        () => setOpen(true),
        () => toast.error(`The ${what} could not be loaded.`, { description: "Check your connection and try again." }),
      )
      .finally(() => setOpening(false));
  };
  return { open, opening, show, close: () => setOpen(false), openerProps: { onPointerEnter: prefetch, onFocus: prefetch } };
}
