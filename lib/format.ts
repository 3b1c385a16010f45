/**
 * Display formats for dates and counts. The locale is fixed (en-US) so the server render and the
 * browser's hydration print the same text; the time zone is the viewer's.
 */

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const count = new Intl.NumberFormat("en-US");

/** "Dec 2, 2026, 4:17 PM"; a value that is not a date is shown as sent. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return count.format(value);
}
