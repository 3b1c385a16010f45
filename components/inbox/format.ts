import type { SessionStatus } from "@/lib/chat/vocabulary";
import { withoutMarkdown } from "@/lib/chat/plain-text";
import { dayIn, formatCount, formatShortDate } from "@/lib/format";
import type { InboxConversationDto } from "@/lib/inbox/schemas";
import type { BadgeTone } from "@/components/ui/badge";

/** How the inbox words a conversation's status; the badge always carries the text, never colour alone. */
export const STATUS_LABELS: Record<SessionStatus, string> = {
  assistant: "Assistant",
  needs_person: "Needs a person",
  with_person: "With a person",
  closed: "Closed",
};

export const STATUS_TONES: Record<SessionStatus, BadgeTone> = {
  assistant: "neutral",
  needs_person: "warning",
  with_person: "info",
  closed: "neutral",
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "just now", "5 min ago", "3 h ago", "yesterday", then the day ("Dec 2"), days in `timeZone`; empty for a value that is not a date. */
export function formatRelativeTime(iso: string, timeZone: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const elapsed = now.getTime() - date.getTime();
  // A clock a little ahead of the viewer's still reads as now.
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (dayIn(date, timeZone) === dayIn(now, timeZone)) return `${Math.floor(elapsed / HOUR)} h ago`;
  // The day before today there: a day ago at most 25 hours back (a day of summer time's change is 23 or 25 hours long).
  const yesterday = [23, 24, 25].map((hours) => dayIn(new Date(now.getTime() - hours * HOUR), timeZone)).find((day) => day !== dayIn(now, timeZone));
  if (dayIn(date, timeZone) === yesterday) return "yesterday";
  return formatShortDate(iso, timeZone, now);
}

/** The list's one-line preview of the last message: who wrote it, then its text on one line. */
export function previewOf(lastMessage: InboxConversationDto["lastMessage"], personName: string): string {
  if (!lastMessage) return "No messages yet";
  const content = lastMessage.role === "assistant" ? withoutMarkdown(lastMessage.content) : lastMessage.content;
  const text = content.replace(/\s+/g, " ").trim() || "…";
  const author =
    lastMessage.role === "user" ? personName : lastMessage.role === "agent" ? (lastMessage.authorName ?? "A person") : "Assistant";
  return `${author}: ${text}`;
}

/** The tab's title while conversations wait for a person, so a background tab shows it: "(2) Needs a person · Inbox". */
export function inboxDocumentTitle(waiting: number, base: string): string {
  return waiting > 0 ? `(${formatCount(waiting)}) Needs a person · ${base}` : base;
}

/** Where a conversation comes from, in words. */
export function channelLabel(conversation: Pick<InboxConversationDto, "channel" | "person">): string {
  if (conversation.channel === "widget") return "Website widget";
  if (conversation.channel === "api") return conversation.person.kind === "anonymous" ? "API, anonymous" : "API";
  return "Member";
}
