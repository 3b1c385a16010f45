import "server-only";
import { transaction } from "@/db/client";
import { logger } from "@/lib/logger";
import { startPeriodic } from "@/lib/periodic";
import { FILE_LIMITS } from "./parse";
import { deleteExpiredFiles, tryLockFileSweep } from "./queries";

/** One batch is one short transaction: at most 500 files, and no further file once it holds a largest file's worth of records. */
const SWEEP_BATCH = { maxFiles: 500, maxRows: FILE_LIMITS.maxRows };
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export type SweepResult = {
  /** Files deleted by this call, with their records. */
  removed: number;
  /** Another instance held the sweep's lock, so this call stopped and left the rest to it. */
  skipped: boolean;
};

/**
 * Deletes every chat file older than its business's `fileRetentionDays`, with its records, in
 * batches of one transaction each. Safe to run on several instances at once: a batch runs only
 * while it holds the sweep's advisory lock, and an instance that finds it held stops, since the
 * holder goes on until nothing is left. (PGlite has one connection, whose transactions run one at
 * a time, so there the lock is always granted.) A file of a deleted conversation needs no sweep:
 * it went with the conversation (chat_files.session_id cascades).
 */
export async function sweepExpiredFiles(): Promise<SweepResult> {
  let removed = 0;
  for (;;) {
    const deleted = await transaction(async (tx) => ((await tryLockFileSweep(tx)) ? deleteExpiredFiles(tx, SWEEP_BATCH) : null));
    if (deleted === null) {
      logger().info({ removed }, "chat file sweep: another instance is sweeping");
      return { removed, skipped: true };
    }
    if (deleted === 0) break;
    removed += deleted;
  }
  if (removed > 0) logger().info({ removed }, "chat file sweep: expired files deleted");
  else logger().debug("chat file sweep: no expired files");
  return { removed, skipped: false };
}

/**
 * Sweeps expired chat files now and then every hour for the life of the process; a failed sweep is
 * logged and tried again the next hour. Called once the schema is migrated (lib/startup.ts); a
 * second call in the same process does nothing. Returns a function that stops the hourly sweep.
 */
export function startFileSweep(): () => void {
  return startPeriodic("file-sweep", SWEEP_INTERVAL_MS, sweepExpiredFiles);
}
