import "server-only";
import { transaction } from "@/db/client";
import { logger } from "@/lib/logger";
import { touchLastSeen } from "@/lib/users/queries";
import { presenceEvent, publishEvents } from "./publish";
import type { EventAudience } from "./queries";

/**
 * Presence of members: online while they hold an event stream (refreshed every PRESENCE_REFRESH_MS) or
 * were seen in the last ONLINE_WINDOW_MS. "Online" is announced when a stream opens after a longer
 * absence; "away" when this process's last stream of the user closes. Another instance holding a
 * stream of the same user keeps refreshing the user's last-seen time, which readers of
 * `lastSeenAt` see.
 */

export const ONLINE_WINDOW_MS = 60_000;
export const PRESENCE_REFRESH_MS = 15_000;

const globalForPresence = globalThis as unknown as { __presenceStreams?: Map<string, number> };
const openStreams = (globalForPresence.__presenceStreams ??= new Map<string, number>());

/** Whether a member seen at `lastSeenAt` counts as online at `now`. */
export function isOnline(lastSeenAt: Date | null, now: Date = new Date()): boolean {
  return lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() < ONLINE_WINDOW_MS;
}

/** Refreshes the member's last-seen time; announces them online when they had been away. */
async function touch(audience: EventAudience & { userId: string }, announce: boolean): Promise<void> {
  await transaction(async (tx) => {
    const seen = await touchLastSeen(tx, { userId: audience.userId, businessId: audience.businessId });
    if (seen && announce && !isOnline(seen.previous, seen.now)) {
      await publishEvents(tx, audience.businessId, [presenceEvent({ businessId: audience.businessId, userId: audience.userId, online: true, lastSeenAt: seen.now })]);
    }
  });
}

/** The member left: announced without touching their row, whose last-seen time is at most one refresh old. */
async function announceAway(audience: EventAudience & { userId: string }): Promise<void> {
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
  openStreams.set(userId, (openStreams.get(userId) ?? 0) + 1);
  const failed = (error: unknown) => logger().warn({ err: error, userId }, "presence could not be recorded");
  await touch(member, true).catch(failed);
  const refresh = setInterval(() => touch(member, false).catch(failed), PRESENCE_REFRESH_MS);
  refresh.unref();
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    clearInterval(refresh);
    const left = (openStreams.get(userId) ?? 1) - 1;
    if (left > 0) {
      openStreams.set(userId, left);
      return;
    }
    openStreams.delete(userId);
    announceAway(member).catch(failed);
  };
}
