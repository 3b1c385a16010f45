/**
 * Display formats for dates and counts. The locale is fixed (en-US) and every date is printed in the
 * time zone it is given, so the server's render and the browser's hydration print the same text: a page
 * formats in `useTimeZone()` (components/layout/time-zone.tsx), which is the zone the server rendered
 * in until the page is hydrated and the viewer's own after.
 */

const STYLES = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  timeOfDay: { hour: "numeric", minute: "2-digit" },
  monthDay: { month: "short", day: "numeric" },
  day: { year: "numeric", month: "2-digit", day: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per style and zone, kept: building an Intl formatter costs far more than using it. */
function formatter(style: keyof typeof STYLES, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", { ...STYLES[style], timeZone });
    formatters.set(key, found);
  }
  return found;
}

const count = new Intl.NumberFormat("en-US");

/** The calendar day of `date` in `timeZone`, comparable with another's. */
export function dayIn(date: Date, timeZone: string): string {
  return formatter("day", timeZone).format(date);
}

/** "Dec 2, 2026, 4:17 PM" in `timeZone`; a value that is not a date is shown as sent. */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter("dateTime", timeZone).format(date);
}

/** For narrow lists: "4:17 PM" for today, else "Dec 2" (in `timeZone`); empty for a value that is not a date. */
export function formatShortDate(iso: string, timeZone: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return dayIn(date, timeZone) === dayIn(now, timeZone) ? formatter("timeOfDay", timeZone).format(date) : formatter("monthDay", timeZone).format(date);
}

/** A calendar day of a UTC series: "2026-11-22" → "Nov 22", never shifted into the viewer's zone. */
export function formatUtcDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : formatter("monthDay", "UTC").format(date);
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return count.format(value);
}

/** 1 → "1 credit", 3200 → "3,200 credits". */
export function formatCredits(value: number): string {
  return `${formatCount(value)} ${value === 1 ? "credit" : "credits"}`;
}

/** 2150 → "2.1 KB"; uploads are at most a few MB, so MB is the largest unit. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
