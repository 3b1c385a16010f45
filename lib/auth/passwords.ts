import argon2 from "argon2";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most PASSWORD_HASH_CONCURRENCY hashes run at once and PASSWORD_HASH_QUEUE_MAX wait; beyond that
 * a hash is refused at once. argon2 runs on libuv's threadpool (4 threads by default), which file
 * and DNS work share: a flood of sign-ins must not take every thread, nor pile up unbounded memory
 * (19 MiB each) and latency. One pool per process (globalThis: route bundles share it).
 */
type Pool = { active: number; waiting: (() => void)[] };
const POOL = Symbol.for("product-assistant.password-hash-pool");
const globalForPool = globalThis as unknown as { [POOL]?: Pool };

function pool(): Pool {
  globalForPool[POOL] ??= { active: 0, waiting: [] };
  return globalForPool[POOL];
}

/** How many hashes are running and waiting now. */
export function passwordHashingLoad(): { active: number; queued: number } {
  return { active: pool().active, queued: pool().waiting.length };
}

function busy(): AppError {
  return new AppError("service_unavailable", "The server is busy checking passwords. Try again in a moment.", {
    headers: { "Retry-After": "1" },
  });
}

async function inPool<T>(work: () => Promise<T>): Promise<T> {
  const current = pool();
  const { PASSWORD_HASH_CONCURRENCY: concurrency, PASSWORD_HASH_QUEUE_MAX: queueMax } = env();
  if (current.active < concurrency) {
    current.active++;
  } else {
    if (current.waiting.length >= queueMax) throw busy();
    // The finishing hash hands its slot over (active is not decremented), so no newcomer can jump the queue.
    await new Promise<void>((resolve) => current.waiting.push(resolve));
  }
  try {
    return await work();
  } finally {
    const next = current.waiting.shift();
    if (next) next();
    else current.active--;
  }
}

/** Throws 503 `service_unavailable` (Retry-After) when the hasher is saturated. */
export function hashPassword(password: string): Promise<string> {
  return inPool(() => argon2.hash(password, HASH_OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no hash (unknown email) it verifies against a
 * dummy hash so both failures cost the same time and reveal nothing. Throws 503 as hashPassword.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // Computed once, outside the pool, so a refusal can never be cached in its place.
  dummyHash ??= argon2.hash("not-a-real-password-used-for-timing-only", HASH_OPTIONS);
  const hash = storedHash ?? (await dummyHash);
  return inPool(async () => {
    try {
      const ok = await argon2.verify(hash, password);
      return ok && storedHash !== null;
    } catch {
      return false;
    }
  });
}
