"use client";

import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import { DEFAULT_TIME_ZONE, TIME_ZONE_COOKIE } from "@/lib/time-zone";

/** The zone the server rendered the page in (the browser's, from its cookie, or UTC). */
const RenderedTimeZone = createContext<string>(DEFAULT_TIME_ZONE);

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || DEFAULT_TIME_ZONE;
}

function noSubscription(): () => void {
  return () => {};
}

/**
 * The zone to print dates in (lib/format.ts): the zone the server rendered in while the page is
 * hydrated, so both print the same text, and the browser's own once React owns the page (React
 * renders again with it when the two differ).
 */
export function useTimeZone(): string {
  const rendered = useContext(RenderedTimeZone);
  return useSyncExternalStore(noSubscription, browserTimeZone, () => rendered);
}

/** Holds the zone the server rendered in, and tells the server the browser's zone for the next page. */
export function TimeZoneProvider({ rendered, children }: { rendered: string; children: ReactNode }) {
  useEffect(() => {
    const zone = browserTimeZone();
    if (zone !== rendered) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }, [rendered]);
  return <RenderedTimeZone value={rendered}>{children}</RenderedTimeZone>;
}
