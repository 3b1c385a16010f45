import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { AppDatabase } from "./client";

/** How often a Postgres listener checks that its own notification still reaches it. */
const LISTEN_CHECK_INTERVAL_MS = 15_000;
/** How long a check waits to hear itself before the listener counts as lost. */
const LISTEN_CHECK_TIMEOUT_MS = 5_000;
const CHECK_PREFIX = "~listening:";

export type Listener = { stop: () => Promise<void> };

type Handlers = {
  onNotify: (payload: string) => void;
  /** Runs each time the listener (re)starts: what was sent while it did not listen is lost. */
  onListen?: () => void;
  /** Runs when the listener was found deaf, before it listens again. */
  onLost?: () => void;
  log?: (error: unknown) => void;
};

/**
 * LISTEN on `channel`: `onNotify` gets each payload. On Postgres the listener has a connection of its
 * own, and sends itself a notification every `checkIntervalMs`: one not heard in time (the connection
 * was lost, say while the database restarted) means it is lost, `onLost` runs, and it listens afresh on
 * a new connection, at every check until that succeeds. (postgres.js's own `listen` tries again only
 * once after its connection closes, and a failure then leaves it deaf for the life of the process.)
 * PGlite runs in this process and never loses its listener.
 */
export async function listenTo(database: AppDatabase, channel: string, handlers: Handlers, options: { checkIntervalMs?: number } = {}): Promise<Listener> {
  if (database.pgliteClient) {
    const unlisten = await database.pgliteClient.listen(channel, handlers.onNotify);
    handlers.onListen?.();
    return { stop: () => unlisten() };
  }
  const pool = database.postgresClient;
  if (!pool) throw new Error("This database cannot listen.");

  let connection: postgres.Sql | null = null;
  let expected: string | null = null;
  let heard = true;
  let stopped = false;
  const onNotify = (payload: string) => {
    if (!payload.startsWith(CHECK_PREFIX)) return handlers.onNotify(payload);
    if (payload === expected) heard = true;
  };
  const open = async () => {
    // `onnotify` is postgres.js's own hook for a connection's notifications (its `listen` uses it).
    const fresh: postgres.Sql = postgres({
      ...pool.options,
      max: 1,
      idle_timeout: null,
      max_lifetime: null,
      fetch_types: false,
      onnotify: (name: string, payload: string) => name === channel && onNotify(payload),
      // A closed connection listens no more: listen again at once rather than at the next check.
      onclose: () => {
        if (connection === fresh && !stopped) run(recover);
      },
    } as unknown as postgres.Options<Record<string, never>>);
    try {
      await fresh`listen ${fresh(channel)}`;
      // Stopped while it connected: nothing else would ever end this connection.
      if (stopped) throw new Error("The listener was stopped.");
    } catch (error) {
      await fresh.end({ timeout: 1 }).catch(() => undefined);
      throw error;
    }
    handlers.onListen?.();
    return fresh;
  };
  connection = await open();

  /** Deaf or closed: the caller stops trusting what it holds, and a new connection listens. */
  const recover = async () => {
    if (stopped) return;
    if (connection !== null) {
      handlers.onLost?.();
      const lost = connection;
      connection = null;
      await lost.end({ timeout: 1 }).catch(() => undefined);
    }
    connection = await open();
  };
  const check = async () => {
    if (connection === null) return recover();
    expected = `${CHECK_PREFIX}${randomUUID()}`;
    heard = false;
    await pool.notify(channel, expected);
    const deadline = Date.now() + LISTEN_CHECK_TIMEOUT_MS;
    while (!heard && !stopped && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!heard) await recover();
  };
  // One check or recovery at a time; one asked for meanwhile is dropped (the next check covers it).
  let busy = false;
  function run(task: () => Promise<void>) {
    if (busy || stopped) return;
    busy = true;
    task()
      .catch((error: unknown) => handlers.log?.(error))
      .finally(() => (busy = false));
  }
  const timer = setInterval(() => run(check), options.checkIntervalMs ?? LISTEN_CHECK_INTERVAL_MS);
  timer.unref();

  // Closing the database stops the listener first, so it does not try to listen to what is gone.
  const own = { end: () => stop() };
  database.ownConnections?.add(own);
  async function stop() {
    stopped = true;
    clearInterval(timer);
    database.ownConnections?.delete(own);
    await connection?.end({ timeout: 1 });
  }
  return { stop };
}
