"use client";

import { useState, type SyntheticEvent } from "react";
import { flushSync } from "react-dom";
import type { LazyModule } from "@/lib/lazy-module";
import { toast } from "@/lib/toast";

/**
 * A dialog whose content is a lazy module (a form with its validation): the opener starts the download
 * when pointed at or focused, and the dialog opens once the code is there, so it opens whole and its
 * first field takes the focus. `opening` is true while a click waits for the download (the opener shows
 * it as `loading`).
 */
export function useLazyDialog<M>(content: LazyModule<M>, what: string) {
  const [open, setOpen] = useState(false);
  const [opening, setOpening] = useState(false);
  const prefetch = () => void content.preload().catch(() => undefined);
  const show = (event: SyntheticEvent<HTMLElement>) => {
    const opener = event.currentTarget;
    setOpening(true);
    content.preload().then(
      () => {
        flushSync(() => setOpening(false));
        // While loading, the opener was disabled and lost the focus; the dialog gives the focus back,
        // when it closes, to whatever had it when it opened.
        opener.focus();
        setOpen(true);
      },
      () => {
        setOpening(false);
        toast.error(`The ${what} could not be loaded.`, { description: "Check your connection and try again." });
      },
    );
  };
  return { open, opening, show, close: () => setOpen(false), openerProps: { onPointerEnter: prefetch, onFocus: prefetch } };
}
