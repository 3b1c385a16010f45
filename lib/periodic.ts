import "server-only";
import { logger } from "@/lib/logger";

type Periodic = { timer: ReturnType<typeof setInterval>; running: Promise<unknown> | null };

// On globalThis, like the database handle: a second start in the same process (a hot reload) finds it.
const globalForPeriodic = globalThis as unknown as Record<symbol, Periodic | undefined>;

/**
 * Runs `work` now and then every `intervalMs` for the life of the process (the timer does not keep
 * it alive). A run still going when the next is due is left to finish rather than joined by
 * another; a failed run is logged and tried again next time. A second start under the same `name`
 * in the same process does nothing. Returns a function that stops it.
 */
export function startPeriodic(name: string, intervalMs: number, work: () => Promise<unknown>): () => void {
  const key = Symbol.for(`product-assistant.${name}`);
  const run = (periodic: Periodic) => {
    if (periodic.running) return;
    periodic.running = work()
      .catch((error: unknown) => logger().error({ err: error }, `${name} failed`))
      .finally(() => {
        periodic.running = null;
      });
  };
  let periodic = globalForPeriodic[key];
  if (!periodic) {
    const created: Periodic = { timer: setInterval(() => run(created), intervalMs), running: null };
    created.timer.unref();
    globalForPeriodic[key] = periodic = created;
    run(created);
  }
  const started = periodic;
  return () => {
    clearInterval(started.timer);
    if (globalForPeriodic[key] === started) delete globalForPeriodic[key];
  };
}
