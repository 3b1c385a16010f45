"use client";

import { useEffect, useRef } from "react";
import { useAppPathname } from "@/hooks/use-app-route";

const HEADING_WAIT_MS = 3_000;

/**
 * After a client-side navigation, focus moves to the new page's heading (its `<h1>`), as a full page
 * load would start a screen reader there; otherwise it would stay on `<body>` or on a link that is gone.
 * A navigation made while someone works inside the page (the chat moving to its new conversation's
 * address, with the cursor in the composer) leaves focus where it is.
 */
export function RouteFocus() {
  const pathname = useAppPathname();
  const previous = useRef(pathname);

  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById("main");
    if (!main) return;
    const active = document.activeElement;
    if (active && active !== document.body && main.contains(active)) return;
    const focusHeading = () => {
      const heading = main.querySelector<HTMLElement>("h1");
      if (!heading) return false;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    // A page still loading (its guard, its data) shows its heading a moment later.
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), HEADING_WAIT_MS);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [pathname]);

  return null;
}
