/**
 * The time zone dates are shown in. The browser tells the server its zone in a cookie, so the server
 * renders a member's pages in it and the browser hydrates them with the same text; before the cookie
 * exists (a first visit) both print UTC and the browser switches to its own zone right after.
 */

export const TIME_ZONE_COOKIE = "tz";

/**
 * What a server render printed times against: the zone, and the instant of the render (ms since the
 * epoch) that relative times ("5 min ago") are counted from. The browser hydrates with the same two,
 * so a device whose clock or zone differs still hydrates the server's text, then shows its own.
 */
export type RenderedTime = { timeZone: string; at: number };

/** What the server renders in when the browser has not told it its zone. */
export const DEFAULT_TIME_ZONE = "UTC";

/** `value` if it names an IANA time zone Intl knows ("Europe/Berlin"), else null. */
export function knownTimeZone(value: string | undefined | null): string | null {
  if (!value || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A zone as a label names it: "America/New York", "UTC". */
export function timeZoneLabel(timeZone: string): string {
  return timeZone.replace(/_/g, " ");
}
