import "server-only";
import { transaction } from "@/db/client";
import { logger } from "@/lib/logger";
import { touchLastSeen } from "@/lib/users/queries";
import { presenceEvent, publishEvents } from "./publish";
import type { EventAudience } from "./queries";

/**
 * Presence of members: online while they hold an event stream (refreshed every PRESENCE_REFRESH_MS) or
 * were seen in the last ONLINE_WINDOW_MS. "Online" is announced when a stream opens after a longer
 * absence, or after this process announced them away; "away" when this process's last stream of the
 * user closes. Another instance holding a
 * stream of the same user keeps refreshing the user's last-seen time, which readers of
 * `lastSeenAt` see.
 */

export const ONLINE_WINDOW_MS = 60_000;
export const PRESENCE_REFRESH_MS = 15_000;

/**
 * How long after a member's last stream here closed they are announced away, unless a stream of theirs
 * opens again meanwhile: a stream ends with its token, and the tab reconnects at once with a new one.
 */
export const AWAY_AFTER_MS = 5_000;

/**
 * Per member, the streams this process holds of them, the one timer that keeps their last-seen time
 * fresh, and, once the last stream closed, the timer that will announce them away.
 */
type Held = { streams: number; refresh: ReturnType<typeof setInterval>; leaving: ReturnType<typeof setTimeout> | null };

const globalForPresence = globalThis as unknown as { __presenceHeld?: Map<string, Held>; __presenceAway?: Set<string> };
const openStreams = (globalForPresence.__presenceHeld ??= new Map<string, Held>());
/** Members this process announced away: their next stream announces them online, however soon it opens. */
const announcedAway = (globalForPresence.__presenceAway ??= new Set<string>());

/** Whether a member seen at `lastSeenAt` counts as online at `now`. */
export function isOnline(lastSeenAt: Date | null, now: Date = new Date()): boolean {
  return lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() < ONLINE_WINDOW_MS;
}

/** Refreshes the member's last-seen time; announces them online when they had been away. */
async function touch(audience: EventAudience & { userId: string }, announce: boolean): Promise<void> {
  await transaction(async (tx) => {
    const seen = await touchLastSeen(tx, { userId: audience.userId, businessId: audience.businessId });
    const wasAway = announce && announcedAway.delete(audience.userId);
    if (seen && announce && (wasAway || !isOnline(seen.previous, seen.now))) {
      await publishEvents(tx, audience.businessId, [presenceEvent({ businessId: audience.businessId, userId: audience.userId, online: true, lastSeenAt: seen.now })]);
    }
  });
}

/** The member left: announced without touching their row, whose last-seen time is at most one refresh old. */
async function announceAway(audience: EventAudience & { userId: string }): Promise<void> {
  announcedAway.add(audience.userId);
  await transaction((tx) =>
    publishEvents(tx, audience.businessId, [presenceEvent({ businessId: audience.businessId, userId: audience.userId, online: false, lastSeenAt: new Date() })]),
  );
}

/**
 * Starts presence for one member stream (the "online" write is done when this resolves); returns
 * what to call when the stream closes. Visitors have none.
 */
export async function trackPresence(audience: EventAudience): Promise<() => void> {
  const userId = audience.userId;
  if (!userId) return () => {};
  const member = { ...audience, userId };
  const failed = (error: unknown) => logger().warn({ err: error, userId }, "presence could not be recorded");
  // One refresh per member, however many streams (tabs, admins' screens) they hold here: a row
  // written per stream would grow with the streams, not with the people.
  const held = openStreams.get(userId);
  if (held) {
    held.streams += 1;
    if (held.leaving) clearTimeout(held.leaving);
    held.leaving = null;
  } else {
    const refresh = setInterval(() => touch(member, false).catch(failed), PRESENCE_REFRESH_MS);
    refresh.unref();
    openStreams.set(userId, { streams: 1, refresh, leaving: null });
  }
  await touch(member, true).catch(failed);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    const current = openStreams.get(userId);
    if (!current) return;
    current.streams -= 1;
    if (current.streams > 0) return;
    current.leaving = setTimeout(() => {
      if (openStreams.get(userId) !== current || current.streams > 0) return;
      clearInterval(current.refresh);
      openStreams.delete(userId);
      announceAway(member).catch(failed);
    }, AWAY_AFTER_MS);
    current.leaving.unref?.();
  };
}
