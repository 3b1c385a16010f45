/**
 * Display formats for dates and counts. The locale is fixed (en-US) so the server render and the
 * browser's hydration print the same text; the time zone is the viewer's.
 */

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const timeOfDay = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });
const utcMonthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const count = new Intl.NumberFormat("en-US");

/** "Dec 2, 2026, 4:17 PM"; a value that is not a date is shown as sent. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** For narrow lists: "4:17 PM" for today, else "Dec 2"; empty for a value that is not a date. */
export function formatShortDate(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toDateString() === now.toDateString() ? timeOfDay.format(date) : monthDay.format(date);
}

/** A calendar day of a UTC series: "2026-11-22" → "Nov 22", never shifted into the viewer's zone. */
export function formatUtcDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : utcMonthDay.format(date);
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return count.format(value);
}

/** 2150 → "2.1 KB"; uploads are at most a few MB, so MB is the largest unit. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
