import "server-only";
import type { Mail } from "./templates";

export type OutboxEntry = Mail & { id: number; to: string; sentAt: string };

const OUTBOX_SIZE = 50;

// On globalThis: the dev server may load this module once per route bundle, and they must share one outbox.
const globalForOutbox = globalThis as unknown as { __devOutbox?: { next: number; entries: OutboxEntry[] } };

function outbox() {
  globalForOutbox.__devOutbox ??= { next: 1, entries: [] };
  return globalForOutbox.__devOutbox;
}

/** Keeps a mail that had no server to go to, newest first, for the development outbox page. */
export function keepInOutbox(to: string, mail: Mail): OutboxEntry {
  const box = outbox();
  const entry: OutboxEntry = { ...mail, id: box.next++, to, sentAt: new Date().toISOString() };
  box.entries.unshift(entry);
  box.entries.length = Math.min(box.entries.length, OUTBOX_SIZE);
  return entry;
}

/** The last mails kept, newest first. */
export function outboxEntries(): readonly OutboxEntry[] {
  return outbox().entries;
}
