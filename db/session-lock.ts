import postgres from "postgres";
import type { AppDatabase } from "./client";

/** How often work that found its lock held by another session asks for it again. */
const SESSION_LOCK_POLL_MS = 1_000;

type LockConnection = { client: postgres.Sql; users: number; own: { end: () => Promise<void> } };

// Per database handle, like the pool: a test's second handle on the same server stands for a second instance.
const lockConnections = new WeakMap<AppDatabase, LockConnection>();

/**
 * The connection this process holds its session locks on, opened by the first user and closed when the
 * last leaves. One connection of its own rather than one of the pool's: work that holds a lock for
 * minutes (or waits for one) must not take connections requests need, and one connection bounds what
 * any number of held and awaited locks cost an instance. Never closed for idleness or age while in use:
 * that would drop every lock held on it.
 */
function joinLockConnection(database: AppDatabase, pool: postgres.Sql): LockConnection {
  let lock = lockConnections.get(database);
  if (!lock) {
    const client: postgres.Sql = postgres({
      ...pool.options,
      max: 1,
      idle_timeout: null,
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
    } as unknown as postgres.Options<Record<string, never>>);
    const created: LockConnection = {
      client,
      users: 0,
      // Closing the database ends it first, with the pool's other connections of its own.
      own: {
        end: async () => {
          if (lockConnections.get(database) === created) lockConnections.delete(database);
          database.ownConnections?.delete(created.own);
          await client.end({ timeout: 1 });
        },
      },
    };
    lockConnections.set(database, created);
    database.ownConnections?.add(created.own);
    lock = created;
  }
  lock.users += 1;
  return lock;
}

function leaveLockConnection(lock: LockConnection): Promise<void> {
  lock.users -= 1;
  return lock.users === 0 ? lock.own.end() : Promise.resolve();
}

/**
 * Runs `work` while this process holds the session-level advisory lock (`classId`, hashtext(`key`)), so
 * that across instances on one Postgres only one runs it at a time. Work that finds the lock held waits
 * for it (`onHeld` is told once) and then runs: it is never skipped. It waits by asking again every
 * SESSION_LOCK_POLL_MS rather than blocking in `pg_advisory_lock`, since a blocked statement would stall
 * every other lock and unlock on the shared lock connection. A lock is released when the work ends, and
 * by the server when the connection ends (a process that dies or loses it), so a dead holder never keeps
 * others waiting; work that loses its connection mid-way goes on unlocked, so what it writes must stay
 * right when it overlaps another's. PGlite runs in one process per data directory: no other instance
 * can race it, and `work` runs at once.
 *
 * Session locks are counted per session, not per caller: two callers of one process asking for the same
 * lock both get it. Callers keep their own one-at-a-time per key within the process.
 */
export async function withSessionLock<T>(
  database: AppDatabase,
  lock: { classId: number; key: string; onHeld?: () => void },
  work: () => Promise<T>,
): Promise<T> {
  const outcome = await runLocked(database, lock, "wait", work);
  return (outcome as { ran: true; value: T }).value;
}

/**
 * As withSessionLock, but work that finds the lock held by another session does not wait: it is skipped,
 * for work the holder does as well (a periodic sweep reaching what another instance is doing now).
 */
export function withSessionLockIfFree<T>(
  database: AppDatabase,
  lock: { classId: number; key: string },
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return runLocked(database, lock, "skip", work);
}

async function runLocked<T>(
  database: AppDatabase,
  lock: { classId: number; key: string; onHeld?: () => void },
  whenHeld: "wait" | "skip",
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const pool = database.postgresClient;
  if (database.kind === "pglite" || !pool) return { ran: true, value: await work() };
  const connection = joinLockConnection(database, pool);
  try {
    const { client } = connection;
    for (let tries = 0; ; tries += 1) {
      const [row] = await client<{ locked: boolean }[]>`select pg_try_advisory_lock(${lock.classId}, hashtext(${lock.key})) as locked`;
      if (row?.locked) break;
      if (whenHeld === "skip") return { ran: false };
      if (tries === 0) lock.onHeld?.();
      await new Promise((resolve) => setTimeout(resolve, SESSION_LOCK_POLL_MS));
    }
    try {
      return { ran: true, value: await work() };
    } finally {
      await client`select pg_advisory_unlock(${lock.classId}, hashtext(${lock.key}))`.catch(() => {
        // The connection is gone, and the lock with it; or it is in a state where the lock may still be
        // held. Either way new work gets a fresh connection, and this one ends with its last user.
        if (lockConnections.get(database) === connection) lockConnections.delete(database);
      });
    }
  } finally {
    await leaveLockConnection(connection);
  }
}
