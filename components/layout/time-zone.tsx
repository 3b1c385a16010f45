"use client";

import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { DEFAULT_TIME_ZONE, TIME_ZONE_COOKIE, type RenderedTime } from "@/lib/time-zone";

/** The zone and the instant the server rendered the page in (the browser's zone from its cookie, or UTC). */
const Rendered = createContext<RenderedTime>({ timeZone: DEFAULT_TIME_ZONE, at: 0 });

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
  const { timeZone } = useContext(Rendered);
  return useSyncExternalStore(noSubscription, browserTimeZone, () => timeZone);
}

/** How often relative times ("5 min ago") are read again: their finest step is a minute. */
const CLOCK_TICK_MS = 30_000;

// One timer for every relative time on the page, running while any is shown. The instant is kept
// between ticks: React reads it more than once per render and must get the same value.
const clock = { now: 0, timer: null as ReturnType<typeof setInterval> | null, listeners: new Set<() => void>() };

function subscribeToClock(listener: () => void): () => void {
  clock.listeners.add(listener);
  if (!clock.timer) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const notify of clock.listeners) notify();
    }, CLOCK_TICK_MS);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer) {
      clearInterval(clock.timer);
      clock.timer = null;
    }
  };
}

function browserNow(): number {
  // No timer (nothing shown yet, or since long ago): a fresh instant, kept for a second so that the
  // reads of one render agree.
  if (!clock.timer && Date.now() - clock.now > 1000) clock.now = Date.now();
  return clock.now;
}

/**
 * The instant relative times are counted from: the server's render instant while the page is
 * hydrated, so a device whose clock is off (or a minute that turned meanwhile) still hydrates the
 * server's "5 min ago", then the browser's clock, read again every half minute.
 */
export function useNow(): Date {
  const { at } = useContext(Rendered);
  const now = useSyncExternalStore(subscribeToClock, browserNow, () => at);
  return useMemo(() => new Date(now), [now]);
}

/** Holds the zone and instant the server rendered in, and tells the server the browser's zone for the next page. */
export function RenderedTimeProvider({ rendered, children }: { rendered: RenderedTime; children: ReactNode }) {
  const { timeZone } = rendered;
  useEffect(() => {
    const zone = browserTimeZone();
    if (zone !== timeZone) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }, [timeZone]);
  return <Rendered value={rendered}>{children}</Rendered>;
}
