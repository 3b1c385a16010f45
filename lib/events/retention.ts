import "server-only";
import { getDb } from "@/db/client";
import { logger } from "@/lib/logger";
import { startPeriodic } from "@/lib/periodic";
import { deleteEventsBefore } from "./queries";

/** Live events are kept two days (a reconnecting client is promised one), then swept hourly. */
export const EVENT_RETENTION_MS = 48 * 60 * 60_000;
const SWEEP_INTERVAL_MS = 60 * 60_000;
const BATCH = 5_000;

/** Deletes events older than the retention, in batches; safe to run on several instances at once. */
export async function sweepOldEvents(now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - EVENT_RETENTION_MS);
  let removed = 0;
  for (;;) {
    const deleted = await deleteEventsBefore(getDb(), { before, limit: BATCH });
    removed += deleted;
    if (deleted < BATCH) return removed;
  }
}

/** Sweeps once at start and then hourly, once per process. */
export function startEventSweep(): () => void {
  return startPeriodic("event-sweep", SWEEP_INTERVAL_MS, async () => {
    const removed = await sweepOldEvents();
    if (removed > 0) logger().info({ removed }, "old live events removed");
  });
}
